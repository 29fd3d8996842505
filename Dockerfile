# newsbot: the Telegram bot in a slim Python image, running as an unprivileged user.
# Corpus and database live on volumes (/data/corpus, /data/db); see docs/operations.md.
# A specific release, not a moving tag: the same image every build (requirements.lock pins the rest).
ARG PYTHON_IMAGE=python:3.12.8-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md requirements.lock ./
COPY bot ./bot
# The pinned dependencies (requirements.lock, scripts/lock.sh writes it from pyproject's '.[postgres]'),
# then the package alone: a plain (not editable) install, its data files land in the venv.
RUN python3 -m venv /opt/newsbot \
 && /opt/newsbot/bin/pip install --no-compile -r requirements.lock \
 && /opt/newsbot/bin/pip install --no-compile --no-deps . \
 && /opt/newsbot/bin/python -m compileall -q /opt/newsbot/lib
# jieba parses its dictionary into a cache on first use (about a second), and answering reads
# words from a word store (an SQLite file, written on first use) instead of loading jieba's whole
# dictionary (3 s and 115 MB per question without it): write both now, once, and make them
# readable for the unprivileged user (jieba writes its cache 0600); at run time the folder is
# read-only. The store's name hashes the mtime of jieba's dict.txt, and image layers (tar) keep
# whole seconds only: set that mtime to a whole second first, so the run-time image finds it.
ENV NEWSBOT_CACHE_DIR=/opt/newsbot/cache
RUN dict="$(/opt/newsbot/bin/python -c 'import jieba, os; print(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"))')" \
 && touch -d "@$(stat -c %Y "$dict")" "$dict" \
 && /opt/newsbot/bin/python -c "from bot.language.segment import tokenizer, write_word_store; tokenizer(); assert write_word_store()" \
 && chmod -R a+rX /opt/newsbot/cache \
 && test -n "$(ls /opt/newsbot/cache/newsbot/jieba*.cache)" \
 && test -n "$(ls /opt/newsbot/cache/newsbot/words-*.sqlite)"

FROM ${PYTHON_IMAGE}
COPY --from=build /opt/newsbot /opt/newsbot
RUN groupadd --system --gid 10001 newsbot \
 && useradd --system --uid 10001 --gid newsbot --home-dir /data --shell /usr/sbin/nologin newsbot \
 && mkdir -p /data/corpus /data/db \
 && chown -R newsbot:newsbot /data
ENV PATH=/opt/newsbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    NEWSBOT_CACHE_DIR=/opt/newsbot/cache \
    NEWSBOT_CORPUS=/data/corpus \
    NEWSBOT_DB=/data/db/newsbot.db \
    NEWSBOT_HEALTH_PORT=8080 \
    NEWSBOT_HEALTH_LISTEN=0.0.0.0 \
    NEWSBOT_LOG_FORMAT=json \
    WEBHOOK_LISTEN=0.0.0.0
USER newsbot
WORKDIR /data
VOLUME ["/data/db"]
# 8080: /healthz and /readyz; 8443: the webhook (webhook mode only).
EXPOSE 8080 8443
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["newsbot", "health"]
ENTRYPOINT ["newsbot"]
CMD ["run"]
