// The in-browser explorer: GraphiQL talking to the endpoint that served the page.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';

const endpoint = document.body.dataset.endpoint || window.location.pathname;
// The host may give a first query, so a new visitor starts from something that answers.
const defaultQuery = document.body.dataset.defaultQuery;

async function fetcher(params, options) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      ...(options?.headers ?? {}),
    },
    body: JSON.stringify(params),
    credentials: 'same-origin',
  });
  return response.json();
}

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    ...(defaultQuery ? { defaultQuery } : {}),
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  }),
);
