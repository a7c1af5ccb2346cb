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
        "version": "1.3.0",
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
              "503": {"description": "The database is unavailable, or every pooled connection stayed busy (`database pool exhausted`)", "content": {"text/plain": {"schema": {"type": "string"}}}}
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
            "summary": "Departments, with how many of their tables the caller may read",
            "responses": {
              "200": {"description": "The departments", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Departments"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/api/v1/years": {
          "get": {
            "summary": "Fiscal years opened, newest first, with how many of their tables the caller may read",
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
        },
        "/api/v1/reading": {
          "get": {
            "summary": "How Jixiao reads a target value (comparator, number, unit), as the project form shows it",
            "parameters": [{"name": "text", "in": "query", "schema": {"type": "string", "maxLength": 500}}],
            "responses": {
              "200": {"description": "The reading", "content": {"application/json": {"schema": {"type": "object", "required": ["text", "reading"], "properties": {"text": {"type": "string"}, "reading": {"type": "string"}}}}}},
              "400": {"description": "Longer than 500 characters", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/api/v1/tables/{year}/{department}/projects": {
          "get": {
            "summary": "The table's projects with their ids and versions",
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}],
            "responses": {
              "200": {"description": "The projects", "content": {"application/json": {"schema": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/StoredProject"}}}}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          },
          "post": {
            "summary": "Add an empty project at the end of a spending unit (API token of the department's editor; draft or returned tables)",
            "security": [{"token": []}],
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["unit_id", "name"], "properties": {"unit_id": {"type": "integer"}, "name": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}}}}}},
            "responses": {
              "201": {"description": "Added", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "version"], "properties": {"id": {"type": "integer"}, "version": {"type": "integer"}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "422": {"$ref": "#/components/responses/Unprocessable"}
            }
          }
        },
        "/api/v1/tables/{year}/{department}/projects/{id}": {
          "get": {
            "summary": "One project with its version",
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}, {"$ref": "#/components/parameters/id"}],
            "responses": {
              "200": {"description": "The project", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoredProject"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          },
          "put": {
            "summary": "Save a project read at `version` (API token of the department's editor; the table must be a draft or returned). The 总计 is the sum of the three sources.",
            "security": [{"token": []}],
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}, {"$ref": "#/components/parameters/id"}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProjectWrite"}}}},
            "responses": {
              "200": {"description": "Saved", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "version"], "properties": {"id": {"type": "integer"}, "version": {"type": "integer"}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"description": "Someone saved first: the problem names the current version, who and when", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "422": {"$ref": "#/components/responses/Unprocessable"}
            }
          },
          "delete": {
            "summary": "Delete a project read at `version` (API token of the department's editor); its comments stay on the table, naming it",
            "security": [{"token": []}],
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}, {"$ref": "#/components/parameters/id"},
              {"name": "version", "in": "query", "required": true, "schema": {"type": "integer"}}],
            "responses": {
              "204": {"description": "Deleted"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"description": "Changed or deleted since it was read", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "422": {"$ref": "#/components/responses/Unprocessable"}
            }
          }
        },
        "/api/v1/tables/{year}/{department}/projects/{id}/history": {
          "get": {
            "summary": "Every saved version of a project, oldest first",
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}, {"$ref": "#/components/parameters/id"}],
            "responses": {
              "200": {"description": "The versions", "content": {"application/json": {"schema": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object"}}}}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/tables/{year}/{department}/history": {
          "get": {
            "summary": "The table's audit entries (imports, transitions), oldest first",
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}],
            "responses": {
              "200": {"description": "The entries", "content": {"application/json": {"schema": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object"}}}}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/tables/{year}/{department}/comments": {
          "get": {
            "summary": "The table's comments, oldest first (a transition's reason names its state)",
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}],
            "responses": {
              "200": {"description": "The comments", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Comments"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          },
          "post": {
            "summary": "Comment on the table or one of its projects (API token of a reviewer or the department's editor)",
            "security": [{"token": []}],
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["body"], "properties": {"body": {"type": "string", "minLength": 1, "maxLength": 2000, "pattern": "\\S", "description": "Not only white space"}, "project_id": {"type": "integer"}}}}}},
            "responses": {
              "201": {"description": "Saved; the table's comments", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Comments"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "422": {"$ref": "#/components/responses/Unprocessable"}
            }
          }
        },
        "/api/v1/tables/{year}/{department}/transitions": {
          "post": {
            "summary": "Move the table along the workflow: submit (editor; draft or returned → submitted; refused while review errors remain), return (reviewer, with a comment), approve, publish (reviewer)",
            "security": [{"token": []}],
            "parameters": [{"$ref": "#/components/parameters/year"}, {"$ref": "#/components/parameters/department"}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["action"], "properties": {
              "action": {"type": "string", "enum": ["submit", "return", "approve", "publish"]},
              "from": {"type": "string", "enum": ["draft", "submitted", "returned", "approved", "published"], "description": "The state acted on; 409 if the table has moved since"},
              "comment": {"type": "string", "maxLength": 2000}},
              "if": {"properties": {"action": {"const": "return"}}, "required": ["action"]},
              "then": {"required": ["comment"], "properties": {"comment": {"pattern": "\\S", "description": "A return must say why"}}}}}}},
            "responses": {
              "200": {"description": "Moved", "content": {"application/json": {"schema": {"type": "object", "required": ["state", "version"], "properties": {"state": {"type": "string"}, "version": {"type": "integer"}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"description": "The table is not in a state this action starts from, or moved since `from`", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "422": {"$ref": "#/components/responses/Unprocessable"}
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
          "NotFound": {"description": "No such table, or not one the caller may read", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "BadRequest": {"description": "The body is not a JSON object", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "Forbidden": {"description": "Not this account's to do (or a session instead of a token)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "Unprocessable": {"description": "A field is missing or wrong; the detail names it", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        },
        "parameters": {
          "year": {"name": "year", "in": "path", "required": true, "description": "The fiscal year as four digits (2025); any other spelling names no table", "schema": {"type": "integer", "minimum": 1000, "maximum": 9999}},
          "department": {"name": "department", "in": "path", "required": true, "description": "部门名称 as the table writes it, percent-encoded (a path over 2 KiB is refused with 414)", "schema": {"type": "string", "maxLength": 100}},
          "id": {"name": "id", "in": "path", "required": true, "description": "A project's id (from …/projects)", "schema": {"type": "integer"}}
        },
        "schemas": {
          "Problem": {
            "type": "object",
            "required": ["type", "title", "status"],
            "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}}
          },
          "Indicator": {
            "type": "object",
            "properties": {
              "level1": {"type": "string", "description": "e.g. 1-产出指标"}, "level2": {"type": "string", "description": "e.g. 11-数量指标"},
              "name": {"type": "string"}, "period": {"type": "string", "description": "实施周期指标值 as written"},
              "annual": {"type": "string", "description": "年度指标值 as written"}, "unparsed": {"type": "string", "description": "An item kept as written"}
            }
          },
          "ProjectWrite": {
            "type": "object",
            "required": ["version", "name"],
            "properties": {
              "version": {"type": "integer"}, "name": {"type": "string", "minLength": 1, "pattern": "\\S"}, "goal": {"type": "string"},
              "amounts_fen": {"type": "object", "properties": {"fiscal": {"type": "integer", "minimum": 0}, "special": {"type": "integer", "minimum": 0}, "other": {"type": "integer", "minimum": 0}}},
              "indicators": {"type": "array", "items": {"$ref": "#/components/schemas/Indicator"}}
            }
          },
          "StoredProject": {
            "type": "object",
            "required": ["id", "version", "unit", "name", "goal", "amounts_fen", "indicators"],
            "properties": {
              "id": {"type": "integer"}, "version": {"type": "integer"}, "unit": {"type": "string"}, "unit_id": {"type": "integer"}, "name": {"type": "string"}, "goal": {"type": "string"},
              "amounts_fen": {"type": "object", "properties": {"total": {"type": "integer"}, "fiscal": {"type": "integer"}, "special": {"type": "integer"}, "other": {"type": "integer"}}},
              "indicators": {"type": "array", "items": {"$ref": "#/components/schemas/Indicator"}}
            }
          },
          "Comments": {
            "type": "object", "required": ["items"],
            "properties": {"items": {"type": "array", "items": {
              "type": "object", "required": ["id", "author", "body", "at"],
              "properties": {"id": {"type": "integer"}, "author": {"type": "string"}, "body": {"type": "string"}, "at": {"type": "string"},
                "project_id": {"type": "integer"}, "project": {"type": "string"}, "transition": {"type": "string"}}
            }}}
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
