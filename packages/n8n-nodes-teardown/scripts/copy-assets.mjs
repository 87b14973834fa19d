// Icons and codex files (category, aliases, documentation links) live beside their node sources; n8n reads them next
// to the built node files.
import { cpSync, readdirSync } from 'node:fs';

for (const dir of readdirSync('nodes')) {
  for (const file of readdirSync(`nodes/${dir}`).filter((f) => f.endsWith('.svg') || f.endsWith('.node.json')))
    cpSync(`nodes/${dir}/${file}`, `dist/nodes/${dir}/${file}`);
}
