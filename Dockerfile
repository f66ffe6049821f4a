# The partner self-check service (`lpdir self-check`), for the programme to run beside the
# static directory. Two images:
#   docker build -t lpdir-self-check .                                  (rendering, the default target)
#   docker build --target server-html -t lpdir-self-check-html .        (no browser: server HTML only)
# Run:   docker run --rm -p 8080:8080 lpdir-self-check
# The sample directory is baked in; mount your own site root over /srv/site to use yours:
#        docker run --rm -p 8080:8080 -v "$PWD:/srv/site:ro" lpdir-self-check
# See docs/rendering.md: Chromium's sandbox needs user namespaces, which Docker's default
# seccomp profile may refuse; the service then answers "not judged: the browser failed".

FROM rust:1.88-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY templates ./templates
COPY static ./static
COPY i18n ./i18n
COPY benches ./benches
COPY examples ./examples
RUN cargo build --release --locked --bin lpdir

# Distroless: CA certificates and glibc, no shell, no package manager; runs as "nonroot" (uid 65532).
# Without a browser, the service judges the HTML servers send and says so on every result.
FROM gcr.io/distroless/cc-debian12:nonroot AS server-html
COPY --from=build /src/target/release/lpdir /usr/local/bin/lpdir
COPY --chown=65532:65532 lpdir.toml /srv/site/lpdir.toml
COPY --chown=65532:65532 content /srv/site/content
WORKDIR /srv/site
USER 65532:65532
EXPOSE 8080
# SIGTERM stops it gracefully: running checks finish, new ones are refused.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/lpdir", "self-check", "--root", "/srv/site", "--listen", "0.0.0.0:8080"]

# With Debian's Chromium: pages are judged as visitors' browsers render them (docs/rendering.md).
# Chromium is not pinned to a version: each rebuild takes Debian's security updates.
FROM debian:bookworm-slim AS rendering
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 65532 --home-dir /srv/site --shell /usr/sbin/nologin lpdir
COPY --from=build /src/target/release/lpdir /usr/local/bin/lpdir
COPY --chown=65532:65532 lpdir.toml /srv/site/lpdir.toml
COPY --chown=65532:65532 content /srv/site/content
WORKDIR /srv/site
USER 65532:65532
ENV LPDIR_BROWSER=/usr/bin/chromium
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/lpdir", "self-check", "--root", "/srv/site", "--listen", "0.0.0.0:8080", "--render", "always"]
