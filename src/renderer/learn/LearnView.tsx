/**
 * The Learn area: the lessons in the chapter's order beside the open one. A lesson's state lives
 * in the address, so every edit gives a link that opens the lesson as it is now.
 */
import { useEffect } from 'react';
import './learn.css';
import { lessonOf, lessons, type Lesson } from './lessons.js';
import { parseLessonState, serializeLessonState, type LessonState } from './lessonState.js';
import { lessonHash } from './route.js';

function LessonPage({ lesson, query }: { lesson: Lesson; query: string }) {
  const { state, problems } = parseLessonState(lesson.spec, query);
  // Replacing the address (not pushing) keeps Back for leaving the lesson, not for each edit.
  const set = (patch: LessonState) =>
    window.location.replace(
      lessonHash(lesson.slug, serializeLessonState(lesson.spec, { ...state, ...patch })),
    );
  const index = lessons.indexOf(lesson);
  const next = lessons[index + 1];
  return (
    <article className="lesson" data-testid={`lesson-${lesson.slug}`}>
      <header>
        <h1>{lesson.title}</h1>
        <p className="lesson-section">
          Dive into Deep Learning (PyTorch, Chinese edition), {lesson.section}
        </p>
      </header>
      {problems.length > 0 && (
        <p className="field-error" role="alert" data-testid="lesson-address-problems">
          Parts of this address were not used, so the chapter’s values stand there:{' '}
          {problems.join('; ')}.
        </p>
      )}
      {lesson.intro}
      {lesson.presets && (
        <div className="lab-presets">
          <span>The chapter’s examples:</span>
          {lesson.presets.map((p, i) => (
            <button key={p.label} data-testid={`preset-${i}`} onClick={() => set(p.state)}>
              {p.label}
            </button>
          ))}
        </div>
      )}
      <lesson.Body state={state} set={set} />
      {next && (
        <p className="lesson-next">
          Next: <a href={lessonHash(next.slug)}>{next.title}</a>
        </p>
      )}
    </article>
  );
}

function Index() {
  return (
    <article className="lesson" data-testid="learn-index">
      <header>
        <h1>Learn: the chapter, live</h1>
        <p className="lesson-section">
          Dive into Deep Learning (PyTorch, Chinese edition), chapter 5 卷积神经网络
        </p>
      </header>
      <p>
        Each idea of the chapter as a lesson that starts from the chapter’s own example. Every
        number is computed by CNN Studio’s WebGPU kernels and checked against a float64 reference;
        change any of them and the results follow.
      </p>
      <ol className="learn-list">
        {lessons.map((l) => (
          <li key={l.slug}>
            <a href={lessonHash(l.slug)}>{l.title}</a> <span>{l.section}</span>
          </li>
        ))}
      </ol>
    </article>
  );
}

export function LearnView({ slug, query }: { slug: string; query: string }) {
  const lesson = lessonOf(slug);
  useEffect(() => {
    document.title = `${lesson ? `${lesson.title} — ` : ''}Learn — CNN Studio`;
  }, [lesson]);
  return (
    <div className="learn">
      <header className="toolbar">
        <a className="brand" href="#/">
          CNN Studio
        </a>
        <a className="menu-button" href="#/" data-testid="back-to-editor">
          ← Editor
        </a>
        <a className="menu-button" href="#/learn">
          Learn
        </a>
      </header>
      <div className="learn-body">
        <nav className="learn-nav" aria-label="Lessons">
          <ol>
            {lessons.map((l) => (
              <li key={l.slug}>
                <a
                  href={lessonHash(l.slug)}
                  aria-current={l.slug === slug ? 'page' : undefined}
                  data-testid={`nav-${l.slug}`}
                >
                  {l.title}
                </a>
              </li>
            ))}
          </ol>
        </nav>
        <main className="learn-main">
          {slug === '' ? (
            <Index />
          ) : lesson ? (
            <LessonPage key={slug} lesson={lesson} query={query} />
          ) : (
            <article className="lesson">
              <h1>No lesson “{slug.slice(0, 60)}”</h1>
              <p>
                Choose one on the left, or see <a href="#/learn">all lessons</a>.
              </p>
            </article>
          )}
        </main>
      </div>
    </div>
  );
}
