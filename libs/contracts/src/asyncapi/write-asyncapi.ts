import * as fs from 'node:fs';
import * as path from 'node:path';
import { ASYNCAPI_PATH, asyncApiJson } from './asyncapi-document';

// `npm run asyncapi`: regenerates the committed document from the catalogue. Run from the repository root.
const target = path.resolve(process.cwd(), ASYNCAPI_PATH);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, asyncApiJson());
process.stdout.write(`asyncapi: ${path.relative(process.cwd(), target)} written\n`);
