// Entry point bundled with esbuild (see bundle.mjs) into one browser script
// that exposes the CSIRO Smart Forms renderer to the interop test page:
// window.SmartForms.render(questionnaire, response?) and .response().
import React from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import {
  BaseRenderer,
  RendererThemeProvider,
  buildForm,
  getResponse,
  removeEmptyAnswersFromResponse,
  removeInternalIdsFromResponse,
} from "@aehrc/smart-forms-renderer";

const queryClient = new QueryClient();
let root = null;
let current = null;

async function render(questionnaire, questionnaireResponse) {
  // No terminology server: every option is in the Questionnaire, and the
  // test page must not reach the network (the page blocks any request).
  current = questionnaire;
  await buildForm({ questionnaire, questionnaireResponse, terminologyServerUrl: "http://127.0.0.1:9/fhir" });
  if (!root) root = createRoot(document.getElementById("renderer"));
  root.render(
    <RendererThemeProvider>
      <QueryClientProvider client={queryClient}>
        <BaseRenderer />
      </QueryClientProvider>
    </RendererThemeProvider>,
  );
}

function response() {
  // What the Smart Forms app saves: empty and hidden answers and the
  // renderer's internal ids removed.
  return removeInternalIdsFromResponse(current, removeEmptyAnswersFromResponse(current, getResponse()));
}

window.SmartForms = { render, response };
