import { describe, expect, it } from 'vitest';
import { configFromEnv, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('has production defaults', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({ baseUrl: 'https://api.telnyx.com/v2', timeoutMs: 30_000, maxRetries: 2 });
    expect(config.apiKey).toBeUndefined();
  });
  it('reads the three variables', () => {
    const config = configFromEnv({
      TELNYX_API_KEY: ' KEY1 ',
      TELNYX_BASE_URL: 'http://127.0.0.1:9/v2',
      TELNYX_TIMEOUT_MS: '5000',
    });
    expect(config).toMatchObject({ apiKey: 'KEY1', baseUrl: 'http://127.0.0.1:9/v2', timeoutMs: 5000 });
  });
  it('names the bad variable, and never echoes the key', () => {
    expect(() => configFromEnv({ TELNYX_TIMEOUT_MS: 'soon' })).toThrow(/TELNYX_TIMEOUT_MS/);
    expect(() => configFromEnv({ TELNYX_BASE_URL: 'ftp://x', TELNYX_API_KEY: 'SECRET1' })).toThrow(
      /TELNYX_BASE_URL/,
    );
    expect(() => configFromEnv({ TELNYX_BASE_URL: 'ftp://x', TELNYX_API_KEY: 'SECRET1' })).not.toThrow(
      /SECRET1/,
    );
  });
  it('reads the MCP Bundle settings, and treats unfilled placeholders as unset', () => {
    const config = configFromEnv({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder a bundle host may pass
      TELNYX_API_KEY: '${user_config.telnyx_api_key}',
      TELNYX_PORTING_READ_ONLY: 'true',
      TELNYX_PORTING_TOOLSETS: 'orders, loa',
      TELNYX_SANDBOX: 'false',
    });
    expect(config.apiKey).toBeUndefined();
    expect(config).toMatchObject({ readOnly: true, toolsets: ['orders', 'loa'], sandbox: false });
  });

  it('reads booleans as 1/0, true/false, yes/no in any case, and refuses any other word', () => {
    for (const [word, value] of [
      ['1', true],
      ['YES', true],
      ['True', true],
      ['0', false],
      ['no', false],
      ['FALSE', false],
    ] as const) {
      expect(configFromEnv({ TELNYX_PORTING_READ_ONLY: word }).readOnly, word).toBe(value);
    }
    for (const word of ['maybe', 'on', 'y', '2', 'truee']) {
      expect(() => configFromEnv({ TELNYX_SANDBOX: word }), word).toThrow(
        /TELNYX_SANDBOX: must be one of 1, 0, true, false, yes, no/,
      );
    }
  });
  it('refuses a secret that is set but blank instead of reading it as "no token"', () => {
    expect(() => configFromEnv({ MCP_HTTP_TOKEN: '   ' })).toThrow(/MCP_HTTP_TOKEN: is set but blank/);
    expect(() => configFromEnv({ MCP_CURSOR_SECRET: '' })).toThrow(/MCP_CURSOR_SECRET: is set but blank/);
    expect(configFromEnv({ MCP_HTTP_TOKEN: ' 0123456789abcdef ' }).httpToken).toBe('0123456789abcdef');
  });
  it('answers --help and --version whatever the environment holds', () => {
    expect(loadConfig(['--help'], { TELNYX_SANDBOX: 'maybe' }).command).toBe('help');
    expect(loadConfig(['--version'], { MCP_HTTP_TOKEN: ' ' }).command).toBe('version');
  });
  it('names the setting that holds an unknown toolset or tool', () => {
    expect(() => configFromEnv({ TELNYX_PORTING_TOOLSETS: 'orders,billing' })).toThrow(
      /TELNYX_PORTING_TOOLSETS: Invalid option: expected one of "portability"/,
    );
    expect(() => loadConfig(['--exclude-tools', 'order_get,order_explode'], {})).toThrow(
      /--exclude-tools: no tool named order_explode/,
    );
  });
});
