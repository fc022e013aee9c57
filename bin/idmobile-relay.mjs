#!/usr/bin/env node
// `npx idmobile-relay`: the relay of idmobile-check, configured by the environment (README "The relay"); with
// nothing configured, the test mode with its simulator. Needs the relay's optional peers: hono, jose, zod.
import { main } from '../dist/relay/node.js';

await main();
