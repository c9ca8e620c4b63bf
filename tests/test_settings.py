"""Prefect's settings as Prefect reads them: the environment, else the active profile."""

import pytest

from flows.settings import server_configured

pytestmark = pytest.mark.fast


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    for name in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "profiles.toml").write_text('active = "local"\n\n[profiles.local]\n'
                                            'PREFECT_API_URL = "http://127.0.0.1:4200/api"\n\n[profiles.other]\n',
                                            encoding="utf-8")
    return tmp_path


def test_a_url_set_with_prefect_config_set_sends_runs_to_the_server(home):
    assert server_configured()


def test_another_active_profile_or_the_environment_decides(home, monkeypatch):
    monkeypatch.setenv("PREFECT_PROFILE", "other")
    assert not server_configured()
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert server_configured()
    monkeypatch.setenv("PREFECT_API_URL", "")
    assert not server_configured()


def test_no_profile_file_is_no_server(home):
    (home / "profiles.toml").unlink()
    assert not server_configured()
