import { api, session } from '../api.js';
import { announce, clear, h } from '../dom.js';

interface Row {
  file: File;
  el: HTMLElement;
  dyad: HTMLInputElement;
  date: HTMLInputElement;
  mentor: HTMLInputElement;
  mentee: HTMLInputElement;
  progress: HTMLProgressElement;
  status: HTMLElement;
  error: HTMLElement;
  busy: boolean;
  done: boolean;
}

let nextId = 0;

function guessDate(name: string): string {
  const m = /(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})/.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}

function problemText(status: number, body: any): string {
  if (body && typeof body === 'object') {
    let s = typeof body.detail === 'string' ? body.detail : `Upload failed (${status}).`;
    if (Array.isArray(body.speakers) && body.speakers.length) {
      s += ` Speakers found: ${body.speakers.map((x: any) => (typeof x === 'string' ? x : x?.name)).join(', ')}. Fill in who is the mentor and who is the mentee.`;
    }
    if (body.line) s += ` (line ${body.line})`;
    return s;
  }
  return `Upload failed (${status}).`;
}

/** multipart POST with upload progress (fetch has none): XMLHttpRequest, same cookie, CSRF header. */
function send(row: Row): Promise<{ status: number; body: any }> {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append('dyad', row.dyad.value.trim());
    form.append('sessionDate', row.date.value);
    if (row.mentor.value.trim()) form.append('mentor', row.mentor.value.trim());
    if (row.mentee.value.trim()) form.append('mentee', row.mentee.value.trim());
    form.append('file', row.file, row.file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/transcripts');
    xhr.setRequestHeader('x-dyadic-csrf', session.get()?.csrf ?? '');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) row.progress.value = Math.round((50 * e.loaded) / e.total);
    };
    xhr.onload = () => {
      let body: any = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { detail: xhr.responseText };
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => resolve({ status: 0, body: { detail: 'The server could not be reached. Check the connection and try again.' } });
    xhr.send(form);
  });
}

export async function uploadPage(main: HTMLElement): Promise<void> {
  const rows: Row[] = [];
  const list = h('ol', { class: 'upload-list', 'aria-label': 'Files to upload' });
  const allDyad = h('input', { id: 'up-dyad', name: 'dyad', type: 'text', autocomplete: 'off', placeholder: 'e.g. dyad-07' });
  const allMentor = h('input', { id: 'up-mentor', name: 'mentor', type: 'text', autocomplete: 'off' });
  const allMentee = h('input', { id: 'up-mentee', name: 'mentee', type: 'text', autocomplete: 'off' });
  const picker = h('input', { id: 'up-files', type: 'file', multiple: true, accept: '.txt,.vtt,.srt,.csv,.tsv,.json,.docx,.cha' });
  const go = h('button', { type: 'submit', class: 'btn primary', id: 'up-go' }, 'Upload all');
  const drop = h(
    'div',
    { class: 'dropzone', id: 'dropzone' },
    h('p', {}, 'Drag transcript files here, or choose them:'),
    h('div', { class: 'field' }, h('label', { for: 'up-files' }, 'Transcript files'), picker),
    h('p', { class: 'small muted' }, 'Zoom/Otter/Whisper text, VTT, SRT, CSV/TSV, JSON, Word (.docx) or CHAT (.cha). One file per call.'),
  );

  function addFile(file: File) {
    const n = nextId++;
    const input = (name: string, label: string, attrs: Record<string, string> = {}) => {
      const el = h('input', { id: `f${n}-${name}`, name, type: 'text', autocomplete: 'off', ...attrs });
      return [el, h('div', { class: 'field' }, h('label', { for: `f${n}-${name}` }, label), el)] as const;
    };
    const [dyad, dyadF] = input('dyad', 'Pair (dyad key)', { required: 'true', value: allDyad.value });
    const [date, dateF] = input('sessionDate', 'Date of the call', { type: 'date', required: 'true', value: guessDate(file.name) });
    const [mentor, mentorF] = input('mentor', 'Mentor’s name in the file (optional)', { value: allMentor.value });
    const [mentee, menteeF] = input('mentee', 'Mentee’s name in the file (optional)', { value: allMentee.value });
    const progress = h('progress', { max: '100', value: '0', id: `f${n}-progress`, 'aria-label': `Progress of ${file.name}` }) as HTMLProgressElement;
    const status = h('span', { class: 'file-status', id: `f${n}-status` }, 'ready');
    const error = h('p', { class: 'error', role: 'alert', id: `f${n}-error`, hidden: true });
    const remove = h('button', { type: 'button', class: 'btn link', 'aria-label': `Remove ${file.name}` }, 'Remove');
    const el = h(
      'li',
      { class: 'upload-row', 'data-file': file.name },
      h('div', { class: 'file-head' }, h('strong', {}, file.name), h('span', { class: 'muted small' }, ` ${(file.size / 1024).toFixed(1)} KB`), remove),
      h('div', { class: 'row-fields' }, dyadF, dateF, mentorF, menteeF),
      h('div', { class: 'file-progress' }, progress, ' ', status),
      error,
    );
    const row: Row = { file, el, dyad, date, mentor, mentee, progress, status, error, busy: false, done: false };
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      el.remove();
    });
    rows.push(row);
    list.append(el);
  }

  function addFiles(files: FileList | File[]) {
    for (const f of Array.from(files)) addFile(f);
    announce(`${rows.length} file${rows.length === 1 ? '' : 's'} ready to upload`);
  }

  picker.addEventListener('change', () => {
    if (picker.files) addFiles(picker.files);
    picker.value = '';
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer?.files) addFiles(e.dataTransfer.files);
  });
  for (const [all, key] of [[allDyad, 'dyad'], [allMentor, 'mentor'], [allMentee, 'mentee']] as const) {
    all.addEventListener('change', () => {
      for (const r of rows) if (!r.busy && !r.done) r[key].value = all.value;
    });
  }

  async function uploadOne(row: Row) {
    row.busy = true;
    row.error.hidden = true;
    row.el.classList.remove('failed');
    const fail = (msg: string) => {
      row.error.textContent = msg;
      row.error.hidden = false;
      row.status.textContent = 'failed';
      row.el.classList.add('failed');
      row.busy = false;
    };
    if (!row.dyad.value.trim()) return fail('Enter the pair (dyad key) for this file.');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(row.date.value)) return fail('Enter the date of the call.');
    row.status.textContent = 'uploading';
    const res = await send(row);
    if (res.status !== 200 && res.status !== 202) return fail(problemText(res.status, res.body));
    row.progress.value = 60;
    row.status.textContent = res.body.duplicate ? 'already uploaded – processing' : 'processing';
    const id: string = res.body.id;
    for (let i = 0; i < 200; i++) {
      const t = await api<{ status: string; error?: string }>(`/transcripts/${id}`).catch(() => null);
      if (t?.status === 'done') {
        row.progress.value = 100;
        row.status.textContent = 'done';
        row.status.append(' – ', h('a', { href: `/ui/sessions/${id}` }, 'open the call'));
        row.done = true;
        row.busy = false;
        row.el.classList.add('done');
        return;
      }
      if (t?.status === 'failed') return fail(`The file was stored but could not be processed: ${t.error ?? 'unknown reason'}`);
      row.progress.value = t?.status === 'processing' ? 80 : 65;
      await new Promise((r) => setTimeout(r, Math.min(2000, 300 + i * 100)));
    }
    fail('Still processing after several minutes. Check the pair page later.');
  }

  const form = h(
    'form',
    {
      class: 'upload-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const todo = rows.filter((r) => !r.busy && !r.done);
        if (!todo.length) {
          announce('No files to upload. Choose files first.');
          return;
        }
        // Three files at a time: each polls its status, and cookie requests share the per-IP rate limit.
        const queue = [...todo];
        const lane = async () => {
          for (let row = queue.shift(); row; row = queue.shift()) await uploadOne(row);
        };
        for (const r of todo) {
          r.busy = true;
          r.status.textContent = 'waiting';
        }
        void Promise.all([lane(), lane(), lane()]).then(() => {
          const failed = rows.filter((r) => r.el.classList.contains('failed')).length;
          announce(failed ? `${failed} file${failed === 1 ? '' : 's'} failed; see the messages next to them.` : 'All files processed.');
        });
      },
    },
    h(
      'fieldset',
      {},
      h('legend', {}, 'For every file (you can change each file below)'),
      h('div', { class: 'row-fields' }, h('div', { class: 'field' }, h('label', { for: 'up-dyad' }, 'Pair (dyad key)'), allDyad), h('div', { class: 'field' }, h('label', { for: 'up-mentor' }, 'Mentor’s name in the files'), allMentor), h('div', { class: 'field' }, h('label', { for: 'up-mentee' }, 'Mentee’s name in the files'), allMentee)),
      h('p', { class: 'small muted' }, 'Names are only needed when the files do not say who is the mentor and who is the mentee and this pair has no earlier calls.'),
    ),
    drop,
    list,
    go,
  );

  clear(main);
  main.append(h('h1', {}, 'Upload calls'), form);
}
