import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api.js';
import type { Session } from './session.js';

export interface ConsoleSettings {
  temporalUiUrl?: string;
  namespace: string;
}

export interface ConsoleContext {
  api: Api;
  session: Session;
  settings: ConsoleSettings;
  /** The API answered 401: the token is missing, expired or wrong. */
  unauthorized(): void;
}

export const Console = createContext<ConsoleContext | undefined>(undefined);

export function useConsole(): ConsoleContext {
  const value = useContext(Console);
  if (!value) throw new Error('useConsole outside <Console.Provider>');
  return value;
}
