// A permission prompt from Claude Code, as a card in the conversation: Allow, Deny (with
// an optional reason), "Allow for this session", and the CLI's own suggestions in words
// ("Always allow `npm test` in this session", "Accept edits from now on"). It closes on
// every tab as soon as any tab answers (the permission_resolved event), and, being part
// of the session's history, it is still there after a reload while nobody has answered
// it; closed, it becomes the decision (PermissionDecision). An answer that could not be
// sent (an error, or the connection dropped before the server confirmed it) makes it
// answerable again, and says why.
// AskUserQuestion is a question, not a permission: it shows its choices as buttons.
import { memo, useState } from 'react';
import { PermissionBehavior, type JsonObject, type JsonValue } from '../types/websocket';
import type { PermissionItem } from '../lib/store/timeline';
import type { PermissionAnswer } from '../lib/store/claude-actions';
import { useClaudeStore } from '../lib/store/claude-store';
import { answerable, type AnswerState } from '../lib/permission-answer';
import { suggestionChoices } from '../lib/permission-suggestions';
import { toolGist } from '../lib/tool-gist';
import { CodeWords } from './CodeWords';
import { PermissionDecision } from './PermissionDecision';
import { ToolInput } from './ToolInput';

interface Props {
  item: PermissionItem;
  onAnswer: (answer: PermissionAnswer) => void;
}

const button = 'rounded-md px-3 py-1 text-sm font-medium disabled:opacity-50';

export const PermissionCard = memo(function PermissionCard({ item, onAnswer }: Props) {
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState('');
  const sending = useClaudeStore((s) => s.permissionAnswers[item.permissionId]);
  const answered = !answerable(sending);
  const open = !item.resolved;
  const answer = (a: PermissionAnswer) => { onAnswer(a); };
  const suggestions = suggestionChoices(item.suggestions);

  if (!open) return <PermissionDecision item={item} />;

  return (
    <div
      className="rounded-lg border-2 border-amber-400 bg-amber-50 p-3 text-sm dark:border-amber-600 dark:bg-amber-950/40"
      role="group"
      aria-label={`Permission request for ${item.toolName}`}
      data-testid="permission-card"
      data-permission-id={item.permissionId}
    >
      {item.toolName === 'AskUserQuestion' ? (
        <Questions input={item.input} disabled={answered} onAnswer={answer} />
      ) : (
        <>
          <div className="mb-1 font-semibold">{item.title ?? `Claude wants to use ${item.toolName}`}</div>
          <code className="mb-2 block text-xs break-all whitespace-pre-wrap">{toolGist(item.toolName, item.input)}</code>
          {item.description && <p className="mb-2 text-zinc-700 dark:text-zinc-300">{item.description}</p>}
          <div className="mb-2">
            <ToolInput name={item.toolName} input={item.input} />
          </div>
          {denying ? (
            <form
              className="flex flex-wrap gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                answer({ behavior: PermissionBehavior.deny, message: reason.trim() || undefined });
              }}
            >
              <input
                // eslint-disable-next-line jsx-a11y/no-autofocus -- the reason field the user just opened with Deny… takes focus; nothing moves on page load
                autoFocus
                value={reason}
                onChange={(e) => { setReason(e.target.value); }}
                placeholder="Reason (optional), told to Claude"
                aria-label="Reason for denying"
                className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-600 dark:bg-zinc-900"
              />
              <button type="submit" disabled={answered} className={`${button} bg-red-600 text-white hover:bg-red-700`}>
                Deny
              </button>
              <button type="button" onClick={() => { setDenying(false); }} className={`${button} border border-zinc-300 dark:border-zinc-600`}>
                Back
              </button>
            </form>
          ) : (
            <div className="flex flex-wrap gap-2">
              <button type="button" disabled={answered} onClick={() => { answer({ behavior: PermissionBehavior.allow }); }} className={`${button} bg-green-600 text-white hover:bg-green-700`}>
                Allow
              </button>
              <button
                type="button"
                disabled={answered}
                onClick={() => { answer({ behavior: PermissionBehavior.allow, remember: true }); }}
                className={`${button} border border-green-600 text-green-700 dark:text-green-300`}
              >
                Allow for this session
              </button>
              <button type="button" disabled={answered} onClick={() => { setDenying(true); }} className={`${button} border border-red-500 text-red-700 dark:text-red-300`}>
                Deny…
              </button>
            </div>
          )}
          {!denying && suggestions.length > 0 && (
            <div className="mt-2 flex flex-wrap gap-2" data-testid="permission-suggestions">
              {suggestions.map((choice) => (
                <button
                  key={choice.index}
                  type="button"
                  disabled={answered}
                  onClick={() => { answer({ behavior: PermissionBehavior.allow, suggestion: choice.index }); }}
                  className={`${button} border border-green-600/60 bg-white text-left font-normal text-green-800 hover:bg-green-50 dark:bg-zinc-900 dark:text-green-300 dark:hover:bg-green-950/40`}
                >
                  <CodeWords text={choice.label} />
                </button>
              ))}
            </div>
          )}
        </>
      )}
      <AnswerStatus state={sending} />
    </div>
  );
});

/** Where this tab's answer is: on its way, received, or not sent (with why: answer again). */
function AnswerStatus({ state }: { state: AnswerState | undefined }) {
  if (!state) return null;
  if (state.status === 'failed')
    return (
      <p role="alert" className="mt-2 rounded-md bg-red-100 px-2 py-1 text-red-800 dark:bg-red-950/60 dark:text-red-200" data-testid="answer-failed">
        Your answer did not get through: {state.reason}
      </p>
    );
  return (
    <p role="status" className="mt-2 text-zinc-600 dark:text-zinc-400">
      {state.status === 'sending' ? 'Sending your answer…' : 'Answer received; the prompt closes in a moment.'}
    </p>
  );
}

interface Question {
  question: string;
  header: string;
  multiSelect: boolean;
  options: { label: string; description: string }[];
}

function parseQuestions(input: JsonObject): Question[] {
  const raw: JsonValue | undefined = input.questions;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((q) => {
    if (!q || typeof q !== 'object' || Array.isArray(q) || typeof q.question !== 'string') return [];
    const options = Array.isArray(q.options)
      ? q.options.flatMap((o) =>
          o && typeof o === 'object' && !Array.isArray(o) && typeof o.label === 'string'
            ? [{ label: o.label, description: typeof o.description === 'string' ? o.description : '' }]
            : [],
        )
      : [];
    return [{ question: q.question, header: typeof q.header === 'string' ? q.header : '', multiSelect: q.multiSelect === true, options }];
  });
}

function Questions({ input, disabled, onAnswer }: { input: JsonObject; disabled: boolean; onAnswer: (a: PermissionAnswer) => void }) {
  const questions = parseQuestions(input);
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const submit = (answers: Record<string, string[]>) => {
    onAnswer({
      behavior: PermissionBehavior.allow,
      updatedInput: { ...input, answers: Object.fromEntries(Object.entries(answers).map(([q, labels]) => [q, labels.join(', ')])) },
    });
  };
  const single = questions.length === 1 && !questions[0]?.multiSelect;
  const complete = questions.every((q) => (chosen[q.question] ?? []).length > 0);
  return (
    <div className="space-y-3" data-testid="ask-user-question">
      {questions.map((q) => (
        <div key={q.question}>
          {q.header && <div className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{q.header}</div>}
          <div className="mb-1.5 font-medium">{q.question}</div>
          <div className="flex flex-wrap gap-2">
            {q.options.map((o) => {
              const selected = (chosen[q.question] ?? []).includes(o.label);
              return (
                <button
                  key={o.label}
                  type="button"
                  disabled={disabled}
                  title={o.description}
                  aria-pressed={selected}
                  onClick={() => {
                    const current = chosen[q.question] ?? [];
                    const next = q.multiSelect ? (selected ? current.filter((l) => l !== o.label) : [...current, o.label]) : [o.label];
                    const all = { ...chosen, [q.question]: next };
                    setChosen(all);
                    if (single) submit(all);
                  }}
                  className={`${button} border ${selected ? 'border-blue-600 bg-blue-600 text-white' : 'border-zinc-300 bg-white dark:border-zinc-600 dark:bg-zinc-900'}`}
                >
                  {o.label}
                </button>
              );
            })}
          </div>
        </div>
      ))}
      {!single && (
        <button type="button" disabled={disabled || !complete} onClick={() => { submit(chosen); }} className={`${button} bg-blue-600 text-white`}>
          Send answers
        </button>
      )}
    </div>
  );
}
