// Words with `code` in them (a command, a path), as the activity line and the permission
// suggestions write them: the parts between backticks are set as code.

export function CodeWords({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-black/5 px-1 font-mono text-[0.9em] dark:bg-white/10">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
