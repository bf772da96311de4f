import { handler } from "../../functions/health/handler";

describe("health", () => {
  test("answers 200 with a status only, never cached", async () => {
    const result = await handler();
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: "ok" });
    expect(result.headers["cache-control"]).toBe("no-store");
  });
});
