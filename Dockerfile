# One image for every service; the service is the argument:
#   docker build -t batch-enrich .
#   docker run batch-enrich migrate | upload-api | mapper | enrich-worker | billing
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: every workspace compiled to JavaScript (packages/*/dist, services/*/dist) ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build

# --- runtime: production dependencies, compiled output, migrations; no TypeScript, no tsx loader ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/packages ./packages
COPY --from=build /app/services ./services
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/db/migrations ./db/migrations
COPY --from=build /app/examples ./examples
COPY --from=build /app/bin ./bin
# Files stay owned by root: the service user can read them, never change them.
USER node
EXPOSE 8080 8081 8082 8083
# A small young generation and V8 favouring size keep an idle service under 100 MB resident
# (README, Operations: measured with and without).
ENTRYPOINT ["node", "--max-semi-space-size=2", "--optimize-for-size", "--conditions=bej-compiled", "bin/service.mjs"]
CMD ["upload-api"]
