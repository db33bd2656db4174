import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(createElement(StrictMode, null, createElement(App)));
