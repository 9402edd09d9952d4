# sigscope as a container: the static musl binary on an empty base, run as a non-root user.
#
#   docker build -t sigscope .
#   docker run --rm -v "$PWD:/rules:ro" sigscope check        # checks /rules, the working folder
#
# scripts/container_smoke.sh runs the same files the same way (chroot, this USER, this WORKDIR)
# where no container engine runs.
FROM rust:1-alpine AS build
# mimalloc's C code needs a C compiler and the musl headers; on Alpine the Rust target is musl
# and links statically.
RUN apk add --no-cache gcc musl-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
    && cp target/release/sigscope /sigscope

FROM scratch
COPY --from=build /sigscope /usr/local/bin/sigscope
ENV PATH=/usr/local/bin
USER 65532:65532
WORKDIR /rules
ENTRYPOINT ["sigscope"]
CMD ["check"]
