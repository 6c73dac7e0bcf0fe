"""The published schema documents what each operation really reads and answers."""

import collections
import typing

import pytest
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel, TypeAdapter

from hocvuso.api.urls import api

REF = "#/components/schemas/{model}"


def _inline(node, defs):
    """The schema with every $ref replaced by what it names, titles dropped."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        if list(node) == ["allOf"] and len(node["allOf"]) == 1:
            return _inline(node["allOf"][0], defs)
        return {
            k: _inline(v, defs)
            for k, v in node.items()
            if k not in {"title", "description", "$defs"}
        }
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _operations():
    for _prefix, router in api._routers:
        for path_op in router.path_operations.values():
            yield from path_op.operations


def _code_schema(annotation, mode="validation"):
    # Rendered as django-ninja renders one model: aliases in bodies, field
    # names in answers, defaults only when not None.
    schema = TypeAdapter(annotation).json_schema(
        ref_template=REF,
        mode=mode,
        by_alias=mode == "validation",
        schema_generator=NinjaGenerateJsonSchema,
    )
    return _inline(schema, schema.get("$defs", {}))


@pytest.fixture(scope="module")
def published(django_db_blocker):
    with django_db_blocker.unblock():
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
    by_id = {
        op["operationId"]: op for ops in schema["paths"].values() for op in ops.values()
    }
    return schema, by_id


def test_every_schema_name_stands_for_one_model():
    names = collections.defaultdict(set)

    def walk(tp):
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in names[tp.__name__]:
                return
            names[tp.__name__].add(tp)
            for f in tp.model_fields.values():
                walk(f.annotation)
            return
        for arg in typing.get_args(tp):
            walk(arg)

    for op in _operations():
        for model in [*op.models, *op.response_models.values()]:
            for f in model.model_fields.values():
                walk(f.annotation)
    clashes = {n: c for n, c in names.items() if len(c) > 1}
    assert not clashes


def test_each_operation_documents_the_body_and_answer_the_code_uses(published):
    schema, by_id = published
    defs = schema["components"]["schemas"]
    checked = 0
    for op in _operations():
        doc = by_id[
            api.get_openapi_operation_id(op) if not op.operation_id else op.operation_id
        ]
        for model in op.models:
            if model.__name__ != "BodyParams":
                continue
            [field] = model.model_fields.values()
            documented = doc["requestBody"]["content"]["application/json"]["schema"]
            assert _inline(documented, defs) == _code_schema(field.annotation)
            checked += 1
        for status, model in op.response_models.items():
            documented = doc["responses"][str(status)]["content"]["application/json"]
            expected = _code_schema(
                model.model_fields["response"].annotation, mode="serialization"
            )
            assert _inline(documented["schema"], defs) == expected, status
            checked += 1
    assert checked >= 15


def test_the_sync_operations_document_their_own_bodies(published):
    schema, by_id = published
    defs = schema["components"]["schemas"]
    visit = _inline(
        by_id["visit_sync"]["requestBody"]["content"]["application/json"]["schema"],
        defs,
    )
    attendance = _inline(
        by_id["attendance_sync"]["requestBody"]["content"]["application/json"][
            "schema"
        ],
        defs,
    )
    assert set(visit["properties"]) == {"visits"}
    assert set(attendance["properties"]) == {"records"}
    assert "household_id" in visit["properties"]["visits"]["items"]["properties"]
    answer = _inline(
        by_id["visit_sync"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ],
        defs,
    )
    item = answer["properties"]["results"]["items"]["properties"]
    assert {"visit_id", "flags", "error"} <= set(item)


def test_every_operation_documents_its_error_answers_in_one_shape(published):
    schema, by_id = published
    error = schema["components"]["schemas"]["ApiError"]
    assert error["properties"]["error"]
    for op_id, op in by_id.items():
        for status in ("400", "404", "422"):
            assert status in op["responses"], (op_id, status)


def test_the_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "visit_sync" in response.content.decode()
