// Shows the `backticked` parts of a message as code (commands such as `tether serve`).
export function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-black/5 px-1 dark:bg-white/10">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
