// Compile crosswalk's JSON Schemas with Ajv in strict mode (Draft 2020-12) and report each result.
//
// Why: Ajv is the JSON Schema validator most editors and JavaScript tools use; its strict mode
// refuses schemas that other validators accept silently (union types without allowUnionTypes,
// unknown keywords, ...). Usage, with Ajv installed where Node can find it:
//   npm install ajv ajv-formats && NODE_PATH=node_modules node scripts/ajv_strict.js crosswalk/schemas/*.json
// Exit code 0 when every schema compiles, 1 otherwise; one line per schema.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

let failed = 0;
for (const path of process.argv.slice(2)) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  try {
    ajv.compile(JSON.parse(fs.readFileSync(path, "utf8")));
    console.log(`ok ${path}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${path}: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
