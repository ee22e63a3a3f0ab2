namespace Replicate.Testing;

/// <summary>
/// Model schemas shaped the way Cog writes them (OpenAPI 3.0.2, <c>components.schemas.Input</c>, enums through
/// <c>allOf</c>/<c>$ref</c>, <c>x-order</c>, <c>format: uri</c>): an image model with 20 inputs in the manner of
/// SDXL and a fast one in the manner of flux-schnell. Written for these tests from the structure alone; the titles
/// are ours and no model author's descriptions are copied.
/// </summary>
public static class CogSchemas
{
    /// <summary>An SDXL-sized input: 20 properties, two enums by reference, two file inputs, bounds of every kind.</summary>
    public const string SdxlLike = """
        {
          "openapi": "3.0.2",
          "info": { "title": "Cog", "version": "0.1.0" },
          "paths": {},
          "components": {
            "schemas": {
              "Input": {
                "title": "Input",
                "type": "object",
                "properties": {
                  "prompt": { "title": "Prompt", "type": "string", "default": "a lighthouse", "x-order": 0 },
                  "negative_prompt": { "title": "Negative Prompt", "type": "string", "default": "", "x-order": 1 },
                  "image": { "title": "Image", "type": "string", "format": "uri", "x-order": 2 },
                  "mask": { "title": "Mask", "type": "string", "format": "uri", "x-order": 3 },
                  "width": { "title": "Width", "type": "integer", "default": 1024, "minimum": 128, "maximum": 2048, "multipleOf": 8, "x-order": 4 },
                  "height": { "title": "Height", "type": "integer", "default": 1024, "minimum": 128, "maximum": 2048, "multipleOf": 8, "x-order": 5 },
                  "num_outputs": { "title": "Num Outputs", "type": "integer", "default": 1, "minimum": 1, "maximum": 4, "x-order": 6 },
                  "scheduler": { "allOf": [{ "$ref": "#/components/schemas/scheduler" }], "default": "K_EULER", "x-order": 7 },
                  "num_inference_steps": { "title": "Num Inference Steps", "type": "integer", "default": 50, "minimum": 1, "maximum": 500, "x-order": 8 },
                  "guidance_scale": { "title": "Guidance Scale", "type": "number", "default": 7.5, "minimum": 1, "maximum": 50, "x-order": 9 },
                  "prompt_strength": { "title": "Prompt Strength", "type": "number", "default": 0.8, "minimum": 0, "maximum": 1, "x-order": 10 },
                  "seed": { "title": "Seed", "type": "integer", "x-order": 11 },
                  "refine": { "allOf": [{ "$ref": "#/components/schemas/refine" }], "default": "no_refiner", "x-order": 12 },
                  "high_noise_frac": { "title": "High Noise Frac", "type": "number", "default": 0.8, "minimum": 0, "maximum": 1, "x-order": 13 },
                  "refine_steps": { "title": "Refine Steps", "type": "integer", "minimum": 1, "x-order": 14 },
                  "apply_watermark": { "title": "Apply Watermark", "type": "boolean", "default": true, "x-order": 15 },
                  "lora_scale": { "title": "Lora Scale", "type": "number", "default": 0.6, "minimum": 0, "maximum": 1, "x-order": 16 },
                  "replicate_weights": { "title": "Replicate Weights", "type": "string", "x-order": 17 },
                  "disable_safety_checker": { "title": "Disable Safety Checker", "type": "boolean", "default": false, "x-order": 18 },
                  "style_tags": { "title": "Style Tags", "type": "array", "items": { "type": "string", "maxLength": 32 }, "x-order": 19 }
                }
              },
              "scheduler": {
                "title": "scheduler",
                "type": "string",
                "enum": ["DDIM", "DPMSolverMultistep", "HeunDiscrete", "KarrasDPM", "K_EULER_ANCESTRAL", "K_EULER", "PNDM"]
              },
              "refine": {
                "title": "refine",
                "type": "string",
                "enum": ["no_refiner", "expert_ensemble_refiner", "base_image_refiner"]
              },
              "Output": { "title": "Output", "type": "array", "items": { "type": "string", "format": "uri" } }
            }
          }
        }
        """;

    /// <summary>A typical valid input for <see cref="SdxlLike"/>: ten inputs of every kind, a file as an https URL.</summary>
    public const string SdxlInput = """
        {
          "prompt": "an astronaut riding a rainbow unicorn, cinematic",
          "negative_prompt": "blurry",
          "image": "https://example.com/inputs/start.png",
          "width": 768,
          "height": 1024,
          "num_outputs": 2,
          "scheduler": "DPMSolverMultistep",
          "num_inference_steps": 30,
          "guidance_scale": 7.5,
          "prompt_strength": 0.75,
          "seed": 1234,
          "refine": "expert_ensemble_refiner",
          "apply_watermark": false
        }
        """;

    /// <summary>A fast text-to-image input in the manner of flux-schnell: a required prompt, enums, tight ranges.</summary>
    public const string FluxSchnellLike = """
        {
          "openapi": "3.0.2",
          "info": { "title": "Cog", "version": "0.1.0" },
          "paths": {},
          "components": {
            "schemas": {
              "Input": {
                "type": "object",
                "title": "Input",
                "required": ["prompt"],
                "properties": {
                  "prompt": { "type": "string", "title": "Prompt", "x-order": 0 },
                  "aspect_ratio": { "allOf": [{ "$ref": "#/components/schemas/aspect_ratio" }], "default": "1:1", "x-order": 1 },
                  "num_outputs": { "type": "integer", "title": "Num Outputs", "default": 1, "minimum": 1, "maximum": 4, "x-order": 2 },
                  "num_inference_steps": { "type": "integer", "title": "Num Inference Steps", "default": 4, "minimum": 1, "maximum": 4, "x-order": 3 },
                  "seed": { "type": "integer", "title": "Seed", "x-order": 4 },
                  "output_format": { "allOf": [{ "$ref": "#/components/schemas/output_format" }], "default": "webp", "x-order": 5 },
                  "output_quality": { "type": "integer", "title": "Output Quality", "default": 80, "minimum": 0, "maximum": 100, "x-order": 6 },
                  "disable_safety_checker": { "type": "boolean", "title": "Disable Safety Checker", "default": false, "x-order": 7 },
                  "go_fast": { "type": "boolean", "title": "Go Fast", "default": true, "x-order": 8 },
                  "megapixels": { "allOf": [{ "$ref": "#/components/schemas/megapixels" }], "default": "1", "x-order": 9 }
                }
              },
              "aspect_ratio": { "type": "string", "title": "aspect_ratio", "enum": ["1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"] },
              "output_format": { "type": "string", "title": "output_format", "enum": ["webp", "jpg", "png"] },
              "megapixels": { "type": "string", "title": "megapixels", "enum": ["1", "0.25"] },
              "Output": { "type": "array", "title": "Output", "items": { "type": "string", "format": "uri" } }
            }
          }
        }
        """;
}
