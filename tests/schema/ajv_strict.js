// ajv_strict.js TOOLS SCHEMA... - every JSON Schema shipped in docs/ compiles
// under Ajv 8 in full strict mode (strictSchema, strictNumbers, strictTypes,
// strictTuples and strictRequired all on): no warning, no error. Exits 77
// (skipped) when ajv is not installed (tests/fhir/setup.sh installs it).
'use strict';
const fs = require('fs');
const path = require('path');

const [tools, ...schemas] = process.argv.slice(2);
let Ajv;
try {
  Ajv = require(path.resolve(tools, 'node_modules', 'ajv'));
} catch (e) {
  console.log(`skipped: ajv is not in ${tools} (run tests/fhir/setup.sh)`);
  process.exit(77);
}
let problems = 0;
const logger = {
  log() {},
  warn(...m) { console.log('warning:', ...m); problems++; },
  error(...m) { console.log('error:', ...m); problems++; },
};
for (const file of schemas) {
  const ajv = new Ajv({ strict: true, allErrors: true, logger });
  try {
    ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    console.log(`${file}: ${e.message}`);
    problems++;
  }
}
const version = require(path.resolve(tools, 'node_modules', 'ajv', 'package.json')).version;
console.log(`ajv ${version} strict: ${schemas.length} schemas, ${problems} problems`);
process.exit(problems ? 1 : 0);
