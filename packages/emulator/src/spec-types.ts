/** The parts of an OpenAPI 3.1 document that the emulator reads. */
export type OpenApiSpec = {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};
