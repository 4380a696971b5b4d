import assert from "node:assert/strict";
import { whiteboardConfig } from "../../functions/src/whiteboard/config";

describe("the functions' region is a param (issue 20)", () => {
  const saved = { region: process.env.FUNCTIONS_REGION, project: process.env.GCLOUD_PROJECT };
  afterEach(() => {
    if (saved.region === undefined) delete process.env.FUNCTIONS_REGION;
    else process.env.FUNCTIONS_REGION = saved.region;
    if (saved.project === undefined) delete process.env.GCLOUD_PROJECT;
    else process.env.GCLOUD_PROJECT = saved.project;
  });

  it("the whiteboard streams from the api in the deployed region", async () => {
    process.env.GCLOUD_PROJECT = "demo-project";
    process.env.FUNCTIONS_REGION = "europe-west1";
    assert.equal((await whiteboardConfig()).streamBase, "https://europe-west1-demo-project.cloudfunctions.net/api");
  });

  it("defaults to us-central1 (the region of a nam5 database)", async () => {
    process.env.GCLOUD_PROJECT = "demo-project";
    delete process.env.FUNCTIONS_REGION;
    assert.equal((await whiteboardConfig()).streamBase, "https://us-central1-demo-project.cloudfunctions.net/api");
  });
});
