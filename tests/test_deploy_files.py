"""The deploy files agree with the code: the settings they set exist, the commands they run parse."""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import build_parser
from tests.conftest import PROJECT_ROOT

_VAR = re.compile(r"\b((?:NEWSBOT|WEBHOOK|TELEGRAM)_[A-Z_]+)\b")
# Variables the deploy files use that only the container or the tests read.
_NOT_SETTINGS = {"NEWSBOT_TEST_PG_URL", "NEWSBOT_TEST_PG_DIR"}


def _read_by_code() -> set[str]:
    names: set[str] = set()
    for path in (PROJECT_ROOT / "bot").rglob("*.py"):
        names |= set(re.findall(r"[\"']((?:NEWSBOT|WEBHOOK|TELEGRAM)_[A-Z_]+)[\"']", path.read_text("utf-8")))
    return names


@pytest.mark.parametrize("name", [".env.example", "Dockerfile", "compose.yaml", "compose.postgres.yaml",
                                  "deploy/newsbot.service"])
def test_every_variable_a_deploy_file_sets_is_one_the_bot_reads(name: str) -> None:
    text = (PROJECT_ROOT / name).read_text("utf-8")
    used = set(_VAR.findall(text)) - _NOT_SETTINGS
    assert used, name
    assert used <= _read_by_code(), f"{name} sets variables nothing reads: {sorted(used - _read_by_code())}"


def test_every_setting_is_in_env_example_and_readme() -> None:
    settings = (PROJECT_ROOT / "bot" / "tg" / "settings.py").read_text("utf-8")
    names = set(re.findall(r'get\("([A-Z_]+)"\)', settings))
    assert "NEWSBOT_STATE_URL" in names and "NEWSBOT_HEALTH_PORT" in names
    example = (PROJECT_ROOT / ".env.example").read_text("utf-8")
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    for name in names:
        assert re.search(rf"^{name}=", example, re.M), f"{name} missing from .env.example"
        assert f"`{name}`" in readme, f"{name} missing from README's settings"


def _exec_commands(unit: Path) -> list[list[str]]:
    out = []
    for line in unit.read_text("utf-8").splitlines():
        if line.startswith("ExecStart="):
            words = shlex.split(line.removeprefix("ExecStart="))
            if words[:2] == ["/bin/sh", "-c"]:
                # The newsbot command inside the script, its $(date …) as a plain word.
                words = shlex.split(re.sub(r"\$\([^)]*\)", "DATE", words[2].split("&&")[1]))
            out.append(words)
    return out


@pytest.mark.parametrize("unit", ["newsbot.service", "newsbot-backup.service"])
def test_systemd_units_run_commands_the_cli_accepts(unit: str) -> None:
    [command] = _exec_commands(PROJECT_ROOT / "deploy" / unit)
    assert command[0] == "/srv/newsbot/.venv/bin/newsbot"
    args = build_parser().parse_args(command[1:])
    assert args.db == "/var/lib/newsbot/newsbot.db"  # the unit's StateDirectory
    text = (PROJECT_ROOT / "deploy" / unit).read_text("utf-8")
    assert "StateDirectory=newsbot" in text and "EnvironmentFile=/etc/newsbot/newsbot.env" in text


def test_service_restarts_on_failure_as_an_unprivileged_user() -> None:
    text = (PROJECT_ROOT / "deploy" / "newsbot.service").read_text("utf-8")
    assert "Restart=on-failure" in text and "User=newsbot" in text


def test_image_runs_as_non_root_with_jieba_cache_built() -> None:
    text = (PROJECT_ROOT / "Dockerfile").read_text("utf-8")
    assert re.search(r"^USER newsbot$", text, re.M)
    assert "tokenizer()" in text and "chmod -R a+rX /opt/newsbot/cache" in text
    assert "write_word_store()" in text and "words-*.sqlite" in text  # answers need no dictionary load
    assert "'.[postgres]'" in text  # the image can use PostgreSQL state
    ignored = (PROJECT_ROOT / ".dockerignore").read_text("utf-8").split()
    assert {".env", ".venv", ".newsbot", "corpus"} <= set(ignored)  # no secret, venv or data in the image


@pytest.mark.slow  # writes a word store: seconds
def test_the_image_build_step_leaves_what_answering_reads(tmp_path: Path) -> None:
    # The Dockerfile's own Python command, in a fresh cache folder; then a question's words come
    # from the word store, without jieba's dictionary (the container's cache is read-only).
    [code] = re.findall(r'python -c "([^"]*write_word_store[^"]*)"', (PROJECT_ROOT / "Dockerfile").read_text("utf-8"))
    env = {**os.environ, "NEWSBOT_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(PROJECT_ROOT)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=PROJECT_ROOT, timeout=300)
    assert [p.name.split("-")[0] for p in (tmp_path / "newsbot").glob("words-*.sqlite")] == ["words"]
    ask = ("from bot.language import segment; words = segment.cut('长沙高新区有什么新闻'); "
           "assert segment.tokenizer.cache_info().currsize == 0; print(' '.join(words))")
    out = subprocess.run([sys.executable, "-c", ask], check=True, env=env, cwd=PROJECT_ROOT, timeout=300,
                         capture_output=True, text=True).stdout
    assert "长沙" in out.split()


# ------------------------------------------------------------------ the lock files (issue 22)


def _pins(name: str) -> dict[str, str]:
    """The lock's pins that apply to this Python (`uv pip compile --universal` marks the others)."""
    from packaging.markers import Marker

    pins: dict[str, str] = {}
    for line in (PROJECT_ROOT / name).read_text("utf-8").splitlines():
        if not line or line[0] in " #":
            continue
        pin, _, marker = line.partition(";")
        if marker.strip() and not Marker(marker.strip()).evaluate():
            continue
        package, version = pin.strip().split("==")
        pins[_canonical(package)] = version
    return pins


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize("lock, extras", [("requirements.lock", ["postgres"]),
                                          ("requirements-test.lock", ["postgres", "test"])])
def test_the_lock_pins_every_dependency_within_pyprojects_ranges(lock: str, extras: list[str]) -> None:
    from packaging.requirements import Requirement

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pytest needs tomli there
        import tomli as tomllib
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for extra in extras for r in project["optional-dependencies"][extra]]
    pins = _pins(lock)
    for req in wanted:
        name = _canonical(req.name)
        assert name in pins, f"{lock} has no pin for {req.name}: run scripts/lock.sh"
        assert req.specifier.contains(pins[name], prereleases=True), \
            f"{lock} pins {req.name}=={pins[name]} outside {req.specifier}: run scripts/lock.sh"
    if lock == "requirements-test.lock":  # the runtime pins, plus the test tools
        runtime = _pins("requirements.lock")
        assert {k: v for k, v in pins.items() if k in runtime} == runtime


def test_the_image_and_ci_install_from_the_lock() -> None:
    docker = (PROJECT_ROOT / "Dockerfile").read_text("utf-8")
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.\d+\.\d+-slim-\w+$", docker, re.M)  # a release, not 3.12
    assert "pip install --no-compile -r requirements.lock" in docker and "--no-deps ." in docker
    ci = (PROJECT_ROOT / ".ci" / "run").read_text("utf-8")
    assert ci.count("pip install -q -r requirements-test.lock") == 2  # README's venv and pyenv's


# ------------------------------------------------------------------ replicas (issue 25, item 4)

_INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Z_]+)(?::(?P<op>[?-])(?P<arg>[^}]*))?\}")


def _compose(name: str) -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / name).read_text("utf-8"))
    return loaded


def _interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}` (which stops `up` when unset or empty)."""
    def one(m: re.Match[str]) -> str:
        found = env.get(m["name"], "")
        if not found and m["op"] == "?":
            raise LookupError(f"{m['name']}: {m['arg']}")
        return found or (m["arg"] if m["op"] == "-" else "")
    return _INTERPOLATION.sub(one, value)


_DOTENV = {"POSTGRES_PASSWORD": "pw", "WEBHOOK_URL": "https://bot.example.com/newsbot",
           "WEBHOOK_SECRET": "shared-secret_1", "PUBLIC_HOST": "bot.example.com", "TELEGRAM_BOT_TOKEN": "1:x"}


def _bot_env(services: dict[str, Any], dotenv: dict[str, str]) -> dict[str, str]:
    """The bot replica's environment: .env (env_file), then compose.yaml's, then the override's."""
    base = _compose("compose.yaml")["services"]["bot"]["environment"]
    merged = {**base, **services["bot"]["environment"]}
    return {**dotenv, **{k: _interpolate(str(v), dotenv) for k, v in merged.items()}}


def test_postgres_compose_runs_postgresql_one_indexer_and_webhook_replicas_behind_caddy() -> None:
    services = _compose("compose.postgres.yaml")["services"]
    assert set(services) == {"postgres", "indexer", "bot", "proxy"}
    bot, indexer, proxy = services["bot"], services["indexer"], services["proxy"]
    args = build_parser().parse_args(bot["command"])
    assert args.command == "run" and args.webhook  # replicas serve a webhook: one token, one poller at most
    assert bot["deploy"]["replicas"] >= 2
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy" and "indexer" in bot["depends_on"]
    env = _bot_env(services, _DOTENV)
    assert env["NEWSBOT_STATE_URL"] == "postgresql://newsbot:pw@postgres:5432/newsbot"
    assert env["NEWSBOT_SCAN_MINUTES"] == "0"  # the replicas leave ingesting to the indexer
    # The indexer: `newsbot ingest` in a loop, into the file the replicas read, from the same folder.
    assert indexer["entrypoint"] == ["/bin/sh", "-c"] and indexer["init"] is True
    loop = re.fullmatch(r"while :; do newsbot (ingest [^|;&]*)\|\|.*; sleep (\d+); done", indexer["command"][0])
    assert loop and int(loop[2]) <= 60, indexer["command"]
    ingest_args = build_parser().parse_args(shlex.split(loop[1]))
    assert ingest_args.paths == [env["NEWSBOT_CORPUS"]] and indexer["environment"]["NEWSBOT_DB"] == env["NEWSBOT_DB"]
    base_volumes = _compose("compose.yaml")["services"]["bot"]["volumes"]
    assert "newsbot-db:/data/db" in base_volumes and "newsbot-db:/data/db" in indexer["volumes"]
    assert env["NEWSBOT_DB"].startswith("/data/db/") and "./corpus:/data/corpus:ro" in indexer["volumes"]
    # The proxy: an official image at a fixed version, its config from deploy/, HTTPS published.
    assert re.fullmatch(r"caddy:\d+\.\d+\.\d+-alpine", proxy["image"])
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"] and "443:443" in proxy["ports"]
    caddyfile = (PROJECT_ROOT / "deploy" / "Caddyfile").read_text("utf-8")
    assert f"dynamic a bot {env['WEBHOOK_PORT']}" in caddyfile  # every replica, on its webhook port
    assert "respond @health 404" in caddyfile  # readiness stays inside
    assert "{$PUBLIC_HOST}" in caddyfile and "PUBLIC_HOST" in proxy["environment"]


@pytest.mark.parametrize("unset", ["WEBHOOK_SECRET", "WEBHOOK_URL", "PUBLIC_HOST", "POSTGRES_PASSWORD"])
def test_postgres_compose_refuses_to_start_without_its_required_settings(unset: str) -> None:
    compose = _compose("compose.postgres.yaml")
    text = json.dumps(compose)
    dotenv = {k: v for k, v in _DOTENV.items() if k != unset}
    with pytest.raises(LookupError, match=unset):
        _interpolate(text, dotenv)
    _interpolate(text, _DOTENV)  # with every setting, the file resolves


def test_the_replicas_settings_are_valid_and_the_bot_itself_requires_the_fixed_secret() -> None:
    from bot.tg.settings import Settings, WebhookSecretRequiredError

    env = _bot_env(_compose("compose.postgres.yaml")["services"], _DOTENV)
    settings = Settings.from_env(env, dotenv_path=None)
    assert settings.webhook_path() == "newsbot" and settings.webhook_port == 8443
    settings.check_webhook_secret()
    # Were compose's own check bypassed (an empty value in the environment), the bot refuses too.
    without = Settings.from_env({**env, "WEBHOOK_SECRET": ""}, dotenv_path=None)
    with pytest.raises(WebhookSecretRequiredError):
        without.check_webhook_secret()
