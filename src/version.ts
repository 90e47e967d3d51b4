// Kept in step with package.json by test/version.test.ts.
export const SERVER_NAME = 'telnyx-porting-mcp';
export const SERVER_VERSION = '0.1.0';
