# GridPact production image. Build: docker build -t gridpact . (see docs/operations.md)
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
        gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt -c requirements/constraints.txt
COPY . .
ENV DJANGO_SETTINGS_MODULE=gridpact.settings.production PYTHONPATH=/app/src
RUN cd src/gridpact && DJANGO_SECRET_KEY=build python ../../manage.py compilemessages -v0 \
    && cd /app && DJANGO_SECRET_KEY=build python manage.py collectstatic --noinput -v0
RUN useradd --system gridpact && chown -R gridpact /app/var 2>/dev/null || true
USER gridpact
EXPOSE 8000
CMD ["gunicorn", "gridpact.wsgi", "--workers", "4", "--bind", "0.0.0.0:8000"]
