import { byId, errorText } from "./dom";

/** Shows an artifact in the dialog, fetched with the signed-in user's token. */
export async function openArtifact(url: string, title: string, idToken: () => Promise<string>): Promise<void> {
  const dialog = byId<HTMLDialogElement>("artifact-dialog");
  const content = byId("artifact-content");
  byId("artifact-title").textContent = title;
  content.textContent = "Loading…";
  dialog.showModal();
  try {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${await idToken()}` } });
    const body = (await response.json()) as { content?: string; summary?: string; error?: { message: string } };
    content.textContent = response.ok
      ? `${body.summary ?? ""}\n\n${body.content ?? ""}`
      : `Could not load the artifact: ${body.error?.message ?? response.status}`;
  } catch (error) {
    content.textContent = `Could not load the artifact: ${errorText(error)}`;
  }
}
