// Jest on Node 20 cannot require() ESM, and @fastify/static (CommonJS, loaded by SwaggerModule) requires
// content-disposition 3, which is ESM-only. Under Jest only, jest.config.mjs maps it to this CommonJS
// adapter over content-disposition 1 (same header format; v3 renamed the default export to `create`).
// Production code runs on Node's own require(esm) and uses the real v3.
const contentDisposition = require('content-disposition-v1');

module.exports = { create: contentDisposition, parse: contentDisposition.parse };
