import pytest

from imr_site.settings import env_bool, env_int, env_list, env_secret


def test_env_bool_accepts_true_and_false_only(monkeypatch):
    monkeypatch.setenv("FLAG", "true")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "False")
    assert env_bool("FLAG", True) is False
    for typo in ("ture", "1", "yes", "0", "no", "on"):
        monkeypatch.setenv("FLAG", typo)
        with pytest.raises(ValueError, match="FLAG must be true or false"):
            env_bool("FLAG", False)


def test_unset_values_fall_back_to_defaults(monkeypatch):
    monkeypatch.delenv("SOME_NUMBER", raising=False)
    assert env_int("SOME_NUMBER", 30) == 30
    monkeypatch.setenv("SOME_NUMBER", "45")
    assert env_int("SOME_NUMBER", 30) == 45
    monkeypatch.setenv("HOSTS", "a.org, b.org,")
    assert env_list("HOSTS", "") == ["a.org", "b.org"]


def test_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env_secret("SECRET_KEY", "default") == "from-a-file"
