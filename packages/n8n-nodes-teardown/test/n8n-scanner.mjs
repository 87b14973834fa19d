// One leg of n8n's community package scanner (`npx @n8n/scan-community-package`), in a Node process of its own as npx
// runs it. Prints the analyzer's result as JSON.
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [dir, leg] = process.argv.slice(2);
// The two legs of the scanner's analyzePackageByName: the provenance-attested source with its exported patterns, and
// the tarball's compiled .js and package.json (a literal there, not exported).
const patterns = { source: SOURCE_FILE_PATTERNS, tarball: ['**/*.js', 'package.json'] }[leg];
if (!patterns) throw new Error(`leg must be source or tarball, got ${leg}`);
const { passed, message, details } = await analyzePackage(dir, patterns);
process.stdout.write(JSON.stringify({ passed, message, details }));
