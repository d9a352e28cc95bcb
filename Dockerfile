# The production image: the compiled build (npm run build -> dist/) on node:20-slim, run as the unprivileged `node`
# user. See docs/deployment.md. Build: docker build -t peer-challenge .
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Ready = the database answers and has every migration this build ships (GET /ready).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself (not npm) is PID 1's child of the runtime's init: SIGTERM reaches the app, which drains and closes.
# The same command as `npm run start:prod` (a test keeps them equal): the heap is held to 192 MB (decision 40).
CMD ["node", "--max-old-space-size=192", "dist/main.js"]
