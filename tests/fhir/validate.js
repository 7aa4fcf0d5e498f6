// validate.js TOOLS FILE... - checks FHIR R4 resources (JSON files) with
// FHIR.js, the `fhir` npm package installed in TOOLS by setup.sh: structure,
// cardinality, data types and required code bindings, against the R4
// structure definitions it ships. Any error or warning fails (information
// messages, such as an example value set it does not hold, do not). Exits 77
// (skipped) when the package is not installed.
'use strict';
const fs = require('fs');
const path = require('path');

const [tools, ...files] = process.argv.slice(2);
let Fhir;
try {
  ({ Fhir } = require(path.resolve(tools, 'node_modules', 'fhir')));
} catch (e) {
  console.log(`skipped: the 'fhir' npm package is not in ${tools} (run tests/fhir/setup.sh)`);
  process.exit(77);
}
const fhir = new Fhir();

// FHIR.js 4.12 tests a required choice element (value[x], answer[x]) with
// `!!obj[name]` (validator.js), so a present `false` or `0` reads as missing:
// enableWhen {operator: "exists", answerBoolean: false} is valid FHIR but
// gets "Missing property". Such a message is dropped only when the element it
// names really holds false or 0.
function falsyChoice(resource, location) {
  const m = /^(.*)\.(\w+)\[x\]$/.exec(location);
  if (!m) return false;
  let obj = resource;
  for (const step of m[1].split('.').slice(1)) {
    const s = /^(\w+)(?:\[(\d+)\])?$/.exec(step);
    if (!s || obj == null) return false;
    obj = obj[s[1]];
    if (s[2] !== undefined) obj = obj == null ? obj : obj[Number(s[2])];
  }
  if (obj == null || typeof obj !== 'object') return false;
  return Object.keys(obj).some(k => k.startsWith(m[2]) && k.length > m[2].length &&
                                    (obj[k] === false || obj[k] === 0));
}
let problems = 0;
for (const file of files) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = fhir.validate(resource, {});
  let real = 0;
  for (const m of result.messages) {
    if (m.message === 'Missing property' && falsyChoice(resource, m.location)) continue;
    if (m.severity === 'error' || m.severity === 'warning') {
      real++;
      console.log(`${file}: ${m.severity}: ${m.location}: ${m.message}`);
      problems++;
    }
  }
  if (!result.valid && real === 0 && !result.messages.every(
        m => m.severity !== 'error' || (m.message === 'Missing property' && falsyChoice(resource, m.location)))) {
    console.log(`${file}: not valid`);
    problems++;
  }
}
console.log(`FHIR.js ${require(path.resolve(tools, 'node_modules', 'fhir', 'package.json')).version}: ` +
            `${files.length} resources checked, ${problems} problems`);
process.exit(problems ? 1 : 0);
