"""Errors the client did not cause: JSON, Chinese, no internals."""


def test_unexpected_error_is_json_500_without_traceback(monkeypatch, world, api_as):
    from zhenggai.api import inspections

    def broken(user):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(inspections, "visible_inspections", broken)
    client = api_as(world.alice).client
    client.raise_request_exception = False
    response = client.get("/api/inspections")
    assert response.status_code == 500
    assert "服务器内部错误" in response.json()["detail"]
    assert b"secret internals" not in response.content and b"Traceback" not in response.content
