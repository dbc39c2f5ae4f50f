// Records audio from the microphone with MediaRecorder (a phone at a home visit), for upload as .webm.

export interface Recording {
  blob: Blob;
  seconds: number;
}

// Owns one microphone stream while recording; stop() or cancel() releases it.
export class AudioRecorder {
  private recorder: MediaRecorder | null = null;
  private stream: MediaStream | null = null;
  private chunks: Blob[] = [];
  private startedMs = 0;

  static isSupported(): boolean {
    return typeof window !== 'undefined' && typeof window.MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
  }

  get recording(): boolean {
    return this.recorder !== null && this.recorder.state === 'recording';
  }

  elapsedSeconds(): number {
    return this.recording ? Math.floor((Date.now() - this.startedMs) / 1000) : 0;
  }

  // Rejects when the person refuses the microphone or the device has none.
  async start(): Promise<void> {
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const mimeType = ['audio/webm;codecs=opus', 'audio/webm'].find((t) => MediaRecorder.isTypeSupported(t));
    this.recorder = new MediaRecorder(this.stream, mimeType ? { mimeType } : undefined);
    this.chunks = [];
    // Chunks every second, so a long recording is not one allocation at the end.
    this.recorder.addEventListener('dataavailable', (e) => {
      if (e.data.size > 0) this.chunks.push(e.data);
    });
    this.startedMs = Date.now();
    this.recorder.start(1000);
  }

  stop(): Promise<Recording> {
    const rec = this.recorder;
    if (!rec) return Promise.reject(new Error('Not recording'));
    const seconds = Math.round((Date.now() - this.startedMs) / 1000);
    return new Promise((resolve) => {
      rec.addEventListener(
        'stop',
        () => {
          const blob = new Blob(this.chunks, { type: 'audio/webm' });
          this.release();
          resolve({ blob, seconds });
        },
        { once: true },
      );
      rec.stop();
    });
  }

  cancel(): void {
    if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    this.release();
  }

  private release(): void {
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.recorder = null;
    this.chunks = [];
  }
}

export function recordingFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `recording-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}.webm`;
}

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
