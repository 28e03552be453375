import { parseArgs } from 'node:util';
import { startLocalStack } from './stack.ts';
import { seedDemo } from './seed/seed.ts';
import { users } from './seed/demo-data.ts';
import { synthesizedStateMachines } from './workflow-definitions.ts';

/**
 * `npm start`: the portal on this machine with demo data. Prints the API URL and a ready token per
 * demo user. `--persist <dir>` keeps DynamoDB data and the local user directory between runs; `--port` fixes the API port.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    'aws-port': { type: 'string', default: '3001' },
    persist: { type: 'string' },
    'log-level': { type: 'string', default: 'WARN' },
  },
});

const startedAt = Date.now();
const stateMachines = await synthesizedStateMachines();
const stack = await startLocalStack({
  apiPort: Number(values.port),
  awsPort: Number(values['aws-port']),
  dataDir: values.persist,
  logLevel: values['log-level'] as 'WARN',
  stateMachines,
  corsOrigin: 'http://localhost:5173',
});
const seeded = await seedDemo(stack);

const lines = [
  '',
  `Dealer portal running locally (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
  `  API             ${stack.apiUrl}`,
  `  AWS endpoint    ${stack.awsUrl}  (EventBridge PutEvents, Step Functions, Cognito admin calls, JWKS at ${stack.tokens.jwksPath})`,
  `  Tokens          curl -s ${stack.awsUrl}/local-pool/token/<email or user id>  (any user in the local directory, invited ones too)`,
  `  DynamoDB Local  ${stack.dynamoEndpoint}  table ${stack.tableName}${values.persist ? ` (persisted in ${values.persist})` : ' (in memory)'}`,
  `  State machines  ${Object.keys(stateMachines).join(', ') || 'none'}`,
  `  Demo data       ${seeded.dealers} dealers, ${seeded.users} users, ${seeded.products} products (+${seeded.quarantined} quarantined on purpose: GET /governance/catalog), ${seeded.warehouses} warehouses`,
  '',
  'Demo tokens (valid 12 h):',
];
for (const user of users) {
  const token = await stack.tokenFor(user.userId);
  const name = `${user.label} (${user.roles.join(', ')}${user.dealerId ? `, ${user.dealerId}` : ''})`;
  lines.push(`  ${name}`, `    export TOKEN_${user.userId.replace(/^u-/, '').replace(/-/g, '_').toUpperCase()}=${token}`);
}
lines.push(
  '',
  `Try: curl -s ${stack.apiUrl}/me -H "authorization: Bearer $TOKEN_ACME_BUYER"`,
  `     curl -s '${stack.apiUrl}/catalog/products?category=fasteners&attr.material=steel&limit=5' -H "authorization: Bearer $TOKEN_BOLT_BUYER"`,
  `     curl -s ${stack.apiUrl}/governance/catalog -H "authorization: Bearer $TOKEN_STAFF_SALESOPS"`,
  'Ctrl-C to stop.',
);
console.log(lines.join('\n'));

const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
