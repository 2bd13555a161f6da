// The in-browser explorer: GraphiQL talking to the endpoint that served the page.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { parse, getOperationAST } from 'graphql';
import { createClient } from 'graphql-ws';
import 'graphiql/style.css';

const endpoint = document.body.dataset.endpoint || window.location.pathname;
// The host may give a first query, so a new visitor starts from something that answers.
const defaultQuery = document.body.dataset.defaultQuery;

// Subscriptions stream over graphql-transport-ws on the same path. Browsers cannot set headers on a WebSocket, so
// the headers typed in the explorer (an X-Api-Key, an Authorization) travel in the connection_init payload instead;
// one socket per set of headers, opened on first use.
const socketUrl = new URL(endpoint, window.location.href);
socketUrl.protocol = socketUrl.protocol === 'https:' ? 'wss:' : 'ws:';
const sockets = new Map();

function socketFor(headers) {
  const key = JSON.stringify(headers ?? {});
  let client = sockets.get(key);
  if (!client) {
    client = createClient({ url: socketUrl.href, connectionParams: headers ?? {}, lazy: true, retryAttempts: 0 });
    sockets.set(key, client);
  }
  return client;
}

function isSubscription(params) {
  try {
    return getOperationAST(parse(params.query), params.operationName ?? undefined)?.operation === 'subscription';
  } catch {
    // A document that does not parse goes over HTTP, which answers with the syntax error.
    return false;
  }
}

function fetcher(params, options) {
  if (isSubscription(params)) return socketFor(options?.headers).iterate(params);
  return fetchOverHttp(params, options);
}

async function fetchOverHttp(params, options) {
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
