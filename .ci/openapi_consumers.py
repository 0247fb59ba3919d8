"""Checks generated OpenAPI documents with consumers nobody on this team wrote.

Run by .ci/openapi-consumers.sh and .ci/prism.sh with the Python of .tools/venv (pinned by
tools/python/requirements.txt). Each DIR holds the `openapi.json` (OpenAPI 3.1.0) that `cargo xtask gen` wrote.

  examples DIR...         every example in each document is validated against its schema by `jsonschema`
                          (Draft 2020-12, with a FormatChecker that checks the int32 and int64 ranges); then
                          openapi-python-client generates a client package, every module of it is imported, and
                          every response example is decoded through the generated client's own response parser.
  prism URL DIR           for every operation of DIR's document, a valid request built from the document is sent
                          to the Prism mock at URL: it must pass Prism's validation (HTTP 200, no `sl-violations`),
                          and for each documented error status (asked for with `Prefer: code=...`) Prism must answer
                          that status; every body Prism returns is validated against the document's response schema.

Each run prints one summary line per document and exits 1 on any failure, listing them.
"""

import base64
import importlib
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

import httpx
import jsonschema

METHODS = ("get", "put", "post", "delete", "patch")


def format_checker():
    """A FormatChecker that also knows OpenAPI's integer formats (JSON Schema leaves them to the user)."""
    checker = jsonschema.FormatChecker()

    def bounded(bits):
        def check(value):
            if isinstance(value, bool) or not isinstance(value, int):
                return True
            return -(2 ** (bits - 1)) <= value < 2 ** (bits - 1)

        return check

    checker.checks("int32")(bounded(32))
    checker.checks("int64")(bounded(64))
    return checker


FORMATS = format_checker()


def pointer(*tokens):
    return "#/" + "/".join(str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def validator(document, schema_pointer):
    """A Draft 2020-12 validator for the schema at `schema_pointer`, with the whole document as its resource."""
    root = dict(document)
    root["$ref"] = schema_pointer
    return jsonschema.Draft202012Validator(root, format_checker=FORMATS)


def errors_of(document, schema_pointer, value):
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator(document, schema_pointer).iter_errors(value)]


def operations(document):
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def media_examples(media):
    """The examples of a media type object: `example` and each `examples` entry, with their names."""
    if "example" in media:
        yield "example", media["example"]
    for key, entry in media.get("examples", {}).items():
        if "value" in entry:
            yield f"examples/{key}", entry["value"]


def document_examples(document):
    """Every example of the document: (place, schema pointer, value, status, operation id)."""
    for path, method, operation in operations(document):
        for status, response in operation.get("responses", {}).items():
            for media_type, media in response.get("content", {}).items():
                schema = pointer("paths", path, method, "responses", status, "content", media_type, "schema")
                for name, value in media_examples(media):
                    place = f"{operation['operationId']} {status} {name}"
                    yield place, schema, value, status, operation["operationId"]
    # Examples inside schemas (`examples` arrays in 3.1), checked against the schema that holds them.
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        for place, at, values in schema_examples(schema, ["components", "schemas", name]):
            for value in values:
                yield f"schema {place}", pointer(*at), value, None, None


def schema_examples(schema, at):
    if not isinstance(schema, dict):
        return
    if isinstance(schema.get("examples"), list):
        yield "/".join(at[2:]), at, schema["examples"]
    for key in ("properties",):
        for member, sub in schema.get(key, {}).items():
            yield from schema_examples(sub, at + [key, member])


def python_client(document_path, out_dir):
    """Generates the openapi-python-client package for a document; returns its import name."""
    package = "doc_client"
    config = os.path.join(out_dir, "config.json")
    with open(config, "w") as f:
        json.dump({"project_name_override": package, "package_name_override": package}, f)
    target = os.path.join(out_dir, package)
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    run = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "openapi-python-client"), "generate", "--path", document_path,
         "--output-path", target, "--overwrite", "--meta", "none", "--config", config],
        capture_output=True, text=True, env=env)
    output = (run.stdout + run.stderr).strip()
    # It prints warnings for anything it could not generate and goes on; any such line is a failure here.
    lines = [line for line in output.splitlines() if line.strip() and not line.startswith("Generating ")]
    if run.returncode != 0 or lines:
        raise RuntimeError(f"openapi-python-client did not generate cleanly:\n{output}")
    return out_dir, package


def load_client(out_dir, package):
    """Imports every module of the generated package; returns {operationId in snake_case: module}."""
    for name in list(sys.modules):
        if name == package or name.startswith(package + "."):
            del sys.modules[name]
    sys.path.insert(0, out_dir)
    try:
        root = importlib.import_module(package)
        endpoints = {}
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            module = importlib.import_module(info.name)
            if ".api." in info.name and hasattr(module, "_parse_response"):
                endpoints[info.name.rsplit(".", 1)[1]] = module
        return root, endpoints
    finally:
        sys.path.remove(out_dir)


def snake(operation_id):
    """openapi-python-client's module name for an operationId (already snake_case here)."""
    return re.sub(r"[^0-9a-zA-Z_]+", "_", operation_id).lower()


def check_examples(doc_dir, failures):
    path = os.path.join(doc_dir, "openapi.json")
    with open(path) as f:
        document = json.load(f)
    examples = list(document_examples(document))
    n_failed = 0
    for place, schema, value, _, _ in examples:
        errors = errors_of(document, schema, value)
        if errors:
            n_failed += 1
            failures.append(f"{path}: {place}: " + "; ".join(errors))
    work = tempfile.mkdtemp(prefix="openapi-python-client-")
    try:
        out_dir, package = python_client(path, work)
        root, endpoints = load_client(out_dir, package)
        client = root.Client(base_url="http://127.0.0.1:9", raise_on_unexpected_status=True)
        n_decoded = 0
        for place, _, value, status, operation_id in examples:
            if status is None:
                continue
            module = endpoints.get(snake(operation_id))
            if module is None:
                failures.append(f"{path}: {place}: no generated module for `{operation_id}`")
                continue
            response = httpx.Response(int(status), json=value)
            try:
                parsed = module._parse_response(client=client, response=response)
            except Exception as err:  # Anything the generated parser raises is a failure of the document.
                failures.append(f"{path}: {place}: the generated client cannot decode it: {err!r}")
                continue
            if parsed is None:
                failures.append(f"{path}: {place}: the generated client has no model for status {status}")
                continue
            n_decoded += 1
        n_operations = sum(1 for _ in operations(document))
        print(f"{doc_dir}: {len(examples)} examples, {n_failed} schema failures (jsonschema, Draft 2020-12); "
              f"openapi-python-client: {n_operations} operations generated and imported, "
              f"{n_decoded} response examples decoded")
    except Exception as err:  # A generator or import failure ends this document's check.
        failures.append(f"{path}: {err}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def resolve(document, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        target = document
        for token in schema["$ref"].lstrip("#/").split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        schema = target
    return schema


def sample(document, schema):
    """A valid value for a schema, as simple as can be."""
    schema = resolve(document, schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("oneOf", "anyOf", "allOf"):
        if key in schema:
            return sample(document, schema[key][0])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "array":
        return [sample(document, schema.get("items", {})) for _ in range(max(1, schema.get("minItems", 1)))]
    if kind == "object":
        return {name: sample(document, sub) for name, sub in schema.get("properties", {}).items()
                if name in schema.get("required", [])}
    return "s"


def text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def build_request(document, base_url, path, method, operation):
    """A request with every required parameter and body member, and every credential header."""
    query = []
    for parameter in operation.get("parameters", []):
        if not parameter.get("required"):
            continue
        value = sample(document, parameter.get("schema", {}))
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", urllib.parse.quote(text(value), safe=""))
        elif parameter["in"] == "query":
            for item in value if isinstance(value, list) else [value]:
                query.append((parameter["name"], text(item)))
    headers = {"Accept": "application/json"}
    schemes = document.get("components", {}).get("securitySchemes", {})
    for requirement in operation.get("security", []):
        for name in requirement:
            scheme = schemes.get(name, {})
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                headers[scheme["name"]] = "credential"
            elif scheme.get("type") == "http" and scheme.get("scheme") == "basic":
                headers["Authorization"] = "Basic " + base64.b64encode(b"session:secret").decode()
    body = None
    for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
        value = sample(document, media.get("schema", {}))
        headers["Content-Type"] = media_type
        if media_type == "application/json":
            body = json.dumps(value).encode()
        else:
            pairs = [(k, text(i)) for k, v in value.items() for i in (v if isinstance(v, list) else [v])]
            body = urllib.parse.urlencode(pairs).encode()
        break
    url = base_url.rstrip("/") + path + ("?" + urllib.parse.urlencode(query) if query else "")
    return url, headers, body


def send(url, method, headers, body):
    request = urllib.request.Request(url, data=body, method=method.upper(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def check_prism(base_url, doc_dir, failures):
    path = os.path.join(doc_dir, "openapi.json")
    with open(path) as f:
        document = json.load(f)
    n_operations = n_statuses = n_bodies = 0
    for api_path, method, operation in operations(document):
        n_operations += 1
        url, headers, body = build_request(document, base_url, api_path, method, operation)
        name = operation["operationId"]
        for status in operation.get("responses", {}):
            asked = dict(headers)
            if status != "200":
                asked["Prefer"] = f"code={status}"
                n_statuses += 1
            got, response_headers, raw = send(url, method, asked, body)
            if got != int(status) or "sl-violations" in {k.lower() for k in response_headers}:
                failures.append(f"{path}: {name} {status}: Prism answered {got} "
                                f"{response_headers.get('sl-violations', '')} {raw[:300]!r}")
                continue
            media = operation["responses"][status].get("content", {}).get("application/json")
            if media is None:
                continue
            try:
                value = json.loads(raw)
            except ValueError:
                failures.append(f"{path}: {name} {status}: Prism's body is not JSON: {raw[:200]!r}")
                continue
            schema = pointer("paths", api_path, method, "responses", status, "content", "application/json", "schema")
            errors = errors_of(document, schema, value)
            n_bodies += 1
            if errors:
                failures.append(f"{path}: {name} {status}: Prism's body breaks the schema: " + "; ".join(errors))
    print(f"{doc_dir}: Prism: {n_operations} operations, {n_statuses} error statuses; "
          f"{n_bodies} bodies validated (jsonschema, Draft 2020-12)")


def main(argv):
    failures = []
    if len(argv) >= 2 and argv[0] == "examples":
        for doc_dir in argv[1:]:
            check_examples(doc_dir, failures)
    elif len(argv) == 3 and argv[0] == "prism":
        check_prism(argv[1], argv[2], failures)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    print(f"{'FAILED' if failures else 'ok'}: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
