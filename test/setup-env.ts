// Every test talks to the embedded emulator, never to AWS: the SDK still wants credentials, so
// dummy ones are set, and nothing from the developer's own AWS setup may leak in.
for (const variable of ['AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_APIGATEWAYV2', 'AWS_ENDPOINT_URL_API_GATEWAY', 'AWS_ENDPOINT_URL_STS', 'AWS_SESSION_TOKEN']) {
  delete process.env[variable];
}
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';
process.env.AWS_REGION = 'eu-west-1';
process.env.AWS_CONFIG_FILE = '/dev/null';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
delete process.env.GITHUB_ACTIONS;
delete process.env.GITHUB_STEP_SUMMARY;
// Colour is decided from the environment: tests see what a pipe sees, whatever the developer's shell sets.
delete process.env.FORCE_COLOR;
delete process.env.NO_COLOR;
