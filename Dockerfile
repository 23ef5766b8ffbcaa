# BBPS biller adapter for eGov DIGIT — container image (see deploy/README.md).
#
# Two stages on the same base: the build stage compiles TypeScript with the dev dependencies, then
# drops them; the runtime stage gets the compiled JS, production dependencies and the demo biller
# config only. The project pins Node 24 through the `node` npm devDependency for local runs; in the
# image the base image's Node 24 runs the compiled JS directly (no npm at runtime: npm would not
# forward SIGTERM reliably and `npm start` would try to recompile).

FROM node:24-slim AS build
WORKDIR /app
# lockfile first so the dependency layer is cached across source edits
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# the JSON API's OpenAPI document: compiled in (imported by src/http/api/openapi.ts) → dist/schemas
COPY schemas ./schemas
RUN npx tsc -b tsconfig.build.json
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim AS runtime
ENV NODE_ENV=production PORT=8080
WORKDIR /app
# code stays root-owned (the app cannot rewrite itself); only data/ belongs to the runtime user
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/schemas ./dist/schemas
COPY config ./config
# the default SQLite ledger (DATABASE_URL=sqlite:./data/ledger.db) lives here
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
# the official image's unprivileged user (uid/gid 1000)
USER node
EXPOSE 8080
# slim has no curl: Node's own fetch probes liveness
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# main.js drains in-flight requests on SIGTERM
STOPSIGNAL SIGTERM
# what `npm start` runs, node flags included (node:sqlite's experimental warning is known, not news; the heap
# sizes keep peak RSS near 150 MB: docs/benchmark.md "Memory")
CMD ["node", "--disable-warning=ExperimentalWarning", "--max-semi-space-size=8", "--heap-growing-percent=50", "dist/src/main.js"]
