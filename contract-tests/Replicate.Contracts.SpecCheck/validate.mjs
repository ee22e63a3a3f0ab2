// Runs @pactflow/swagger-mock-validator on one pact file against one OpenAPI document and prints the outcome as
// one JSON object on stdout (the CLI prints a console dump instead). Usage: node validate.mjs <pact.json> <spec.json>
// Response bodies may carry properties the spec does not list (clients ignore them), but must carry every property
// the spec requires (the generated client relies on them).
import { SwaggerMockValidatorFactory } from '@pactflow/swagger-mock-validator';

const [mockPathOrUrl, specPathOrUrl] = process.argv.slice(2);
if (!mockPathOrUrl || !specPathOrUrl) {
  process.stderr.write('usage: node validate.mjs <pact.json> <spec.json>\n');
  process.exit(2);
}

const outcome = await SwaggerMockValidatorFactory.create().validate({
  mockPathOrUrl,
  specPathOrUrl,
  additionalPropertiesInResponse: 'true',
  requiredPropertiesInResponse: 'true',
});

const brief = (result) => ({
  code: result.code,
  type: result.type,
  message: result.message,
  interaction: result.mockDetails?.interactionDescription ?? null,
  mockLocation: result.mockDetails?.location ?? null,
  specLocation: result.specDetails?.location ?? null,
});

process.stdout.write(JSON.stringify({
  success: outcome.success,
  failureReason: outcome.failureReason ?? null,
  errors: outcome.errors.map(brief),
  warnings: outcome.warnings.map(brief),
}));
