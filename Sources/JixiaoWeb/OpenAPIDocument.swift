/// `/openapi.json`: the API as it behaves (OpenAPI 3.1). Kept by hand next to `TableAPI`;
/// the web tests request every path it names, and `.ci/run` runs schemathesis against it.
/// Every operation may be called anonymously, with the session cookie, or with an API token;
/// a bad token is a 401 anywhere.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Jixiao 绩效 API",
        "version": "1.1.0",
        "description": "项目支出绩效目标表 as data: the tables, in Jixiao's JSON format, and their review findings. Anonymous callers read published tables; a session or an API token (issued by an administrator, sent as `Authorization: Bearer jx_…`) reads what its account may: a reviewer every table, a department editor its own department's in every state."
      },
      "security": [{}, {"token": []}, {"session": []}],
      "paths": {
        "/healthz": {
          "get": {
            "summary": "Liveness and database check",
            "security": [{}],
            "responses": {
              "200": {"description": "Up", "content": {"text/plain": {"schema": {"type": "string"}}}},
              "503": {"description": "The database is unavailable", "content": {"text/plain": {"schema": {"type": "string"}}}}
            }
          }
        },
        "/api/v1/me": {
          "get": {
            "summary": "The account the session or token belongs to",
            "responses": {
              "200": {"description": "The account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Me"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/api/v1/departments": {
          "get": {
            "summary": "Departments, with how many fiscal years' tables each has",
            "responses": {
              "200": {"description": "The departments", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Departments"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/api/v1/years": {
          "get": {
            "summary": "Fiscal years opened, newest first",
            "responses": {
              "200": {"description": "The fiscal years", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Years"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/api/v1/tables": {
          "get": {
            "summary": "The tables the caller may read (anonymous: published), oldest year first",
            "parameters": [
              {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1}},
              {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}}
            ],
            "responses": {
              "200": {"description": "A page of tables", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TableList"}}}},
              "400": {"description": "Bad paging", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/api/v1/tables/{year}/{department}": {
          "get": {
            "summary": "One table in Jixiao's JSON format (schemas/budget-table.schema.json)",
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}],
            "responses": {
              "200": {"description": "The table", "headers": {"ETag": {"description": "Published tables only", "schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"type": "object"}}}},
              "304": {"description": "Not modified (If-None-Match)"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/tables/{year}/{department}/findings": {
          "get": {
            "summary": "The review findings of one table (schemas/findings.schema.json)",
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}],
            "responses": {
              "200": {"description": "The findings", "headers": {"ETag": {"description": "Published tables only", "schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"type": "object"}}}},
              "304": {"description": "Not modified (If-None-Match)"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        }
      },
      "components": {
        "securitySchemes": {
          "token": {"type": "http", "scheme": "bearer", "description": "An API token (jx_…) an administrator issued on 管理 › 接口令牌"},
          "session": {"type": "apiKey", "in": "cookie", "name": "jixiao_session", "description": "The cookie set by signing in at /login"}
        },
        "responses": {
          "Unauthorized": {"description": "Not signed in (/api/v1/me), or a token that is unknown, revoked or of a disabled account", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "NotFound": {"description": "No such table, or not one the caller may read", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        },
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
          "Me": {
            "type": "object",
            "required": ["login", "display_name", "role"],
            "properties": {
              "login": {"type": "string"}, "display_name": {"type": "string"},
              "role": {"type": "string", "enum": ["admin", "reviewer", "editor"]},
              "department": {"type": "string", "description": "An editor's department"}
            }
          },
          "Departments": {
            "type": "object", "required": ["items"],
            "properties": {"items": {"type": "array", "items": {
              "type": "object", "required": ["id", "name", "tables"],
              "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "tables": {"type": "integer"}}
            }}}
          },
          "Years": {
            "type": "object", "required": ["items"],
            "properties": {"items": {"type": "array", "items": {
              "type": "object", "required": ["year", "tables"],
              "properties": {"year": {"type": "integer"}, "tables": {"type": "integer"}}
            }}}
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
                  "department": {"type": "string"}, "fiscal_year": {"type": "integer"},
                  "state": {"type": "string", "enum": ["draft", "submitted", "returned", "approved", "published"]},
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
