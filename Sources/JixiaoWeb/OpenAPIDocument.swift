/// `/openapi.json`: the API as it behaves (OpenAPI 3.1). Kept by hand next to `TableAPI`;
/// the web tests request every path it names and compare statuses and content types.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Jixiao 绩效 API",
        "version": "1.0.0",
        "description": "Published 项目支出绩效目标表 as data: the tables, in Jixiao's JSON format, and their review findings."
      },
      "paths": {
        "/healthz": {
          "get": {
            "summary": "Liveness and database check",
            "responses": {
              "200": {"description": "Up", "content": {"text/plain": {"schema": {"type": "string"}}}},
              "503": {"description": "The database is unavailable", "content": {"text/plain": {"schema": {"type": "string"}}}}
            }
          }
        },
        "/api/v1/tables": {
          "get": {
            "summary": "Published tables, newest year first",
            "parameters": [
              {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1}},
              {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}}
            ],
            "responses": {
              "200": {"description": "A page of tables", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TableList"}}}},
              "400": {"description": "Bad paging", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            }
          }
        },
        "/api/v1/tables/{year}/{department}": {
          "get": {
            "summary": "One published table in Jixiao's JSON format (schemas/budget-table.schema.json)",
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}],
            "responses": {
              "200": {"description": "The table", "headers": {"ETag": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"type": "object"}}}},
              "304": {"description": "Not modified (If-None-Match)"},
              "404": {"description": "No such published table", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            }
          }
        },
        "/api/v1/tables/{year}/{department}/findings": {
          "get": {
            "summary": "The review findings of one published table (schemas/findings.schema.json)",
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}],
            "responses": {
              "200": {"description": "The findings", "headers": {"ETag": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"type": "object"}}}},
              "304": {"description": "Not modified (If-None-Match)"},
              "404": {"description": "No such published table", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            }
          }
        }
      },
      "components": {
        "parameters": {
          "year": {"name": "year", "in": "path", "required": true, "schema": {"type": "integer"}},
          "department": {"name": "department", "in": "path", "required": true, "description": "部门名称 as the table writes it, percent-encoded", "schema": {"type": "string"}}
        },
        "schemas": {
          "Problem": {
            "type": "object",
            "required": ["type", "title", "status"],
            "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}}
          },
          "TableList": {
            "type": "object",
            "required": ["items", "page", "per_page", "total"],
            "properties": {
              "page": {"type": "integer"}, "per_page": {"type": "integer"}, "total": {"type": "integer"},
              "items": {"type": "array", "items": {
                "type": "object",
                "required": ["department", "fiscal_year", "state", "units", "projects", "version", "links"],
                "properties": {
                  "department": {"type": "string"}, "fiscal_year": {"type": "integer"}, "state": {"type": "string"},
                  "units": {"type": "integer"}, "projects": {"type": "integer"}, "version": {"type": "integer"},
                  "total_fen": {"type": "integer", "description": "合计 in 分"},
                  "links": {"type": "object", "properties": {"page": {"type": "string"}, "table": {"type": "string"}, "findings": {"type": "string"}}}
                }
              }}
            }
          }
        }
      }
    }
    """#
}
