# The partner self-check service (`lpdir self-check`), for the programme to run beside the
# static directory. Build: docker build -t lpdir-self-check .
# Run:   docker run --rm -p 8080:8080 lpdir-self-check
# The sample directory is baked in; mount your own site root over /srv/site to use yours:
#        docker run --rm -p 8080:8080 -v "$PWD:/srv/site:ro" lpdir-self-check

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
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/lpdir /usr/local/bin/lpdir
COPY --chown=65532:65532 lpdir.toml /srv/site/lpdir.toml
COPY --chown=65532:65532 content /srv/site/content
WORKDIR /srv/site
USER 65532:65532
EXPOSE 8080
# SIGTERM stops it gracefully: running checks finish, new ones are refused.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/lpdir", "self-check", "--root", "/srv/site", "--listen", "0.0.0.0:8080"]
