/**
 * Reading a form's number from the QR code printed beside it, with the computer's camera. Only where the
 * browser has the Barcode Detection API (Chrome on Android, macOS, ChromeOS; not Firefox, not desktop
 * Linux): elsewhere the button is not shown at all and the number is typed. No library is loaded for it.
 */
import { useEffect, useRef, useState, type JSX } from "react";
import { useT } from "../i18n.tsx";
import { numberInScan } from "./form-number.ts";

interface DetectedBarcode {
  rawValue: string;
}

interface BarcodeDetectorLike {
  detect: (source: HTMLVideoElement) => Promise<DetectedBarcode[]>;
}

type BarcodeDetectorClass = new (options?: { formats: string[] }) => BarcodeDetectorLike;

function detectorClass(): BarcodeDetectorClass | null {
  const candidate = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  return typeof candidate === "function" && !!navigator.mediaDevices?.getUserMedia ? candidate : null;
}

export function QrScanButton({ onNumber }: { onNumber: (number: string) => void }): JSX.Element | null {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const Detector = detectorClass();
  if (!Detector) return null;
  return (
    <>
      <button type="button" className="c-button" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="entry-scan">
        {t("entryScan")}
      </button>
      {open && (
        <Scanner
          Detector={Detector}
          onClose={() => setOpen(false)}
          onNumber={(number) => {
            setOpen(false);
            onNumber(number);
          }}
        />
      )}
    </>
  );
}

function Scanner({ Detector, onNumber, onClose }: { Detector: BarcodeDetectorClass; onNumber: (n: string) => void; onClose: () => void }): JSX.Element {
  const { t } = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [unknown, setUnknown] = useState<string | null>(null);
  const found = useRef(onNumber);
  found.current = onNumber;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    const detector = new Detector({ formats: ["qr_code"] });
    const tick = async () => {
      if (stopped || !video.current) return;
      try {
        const codes = await detector.detect(video.current);
        for (const code of codes) {
          const number = numberInScan(code.rawValue);
          if (number) {
            found.current(number);
            return;
          }
          setUnknown(code.rawValue.slice(0, 40));
        }
      } catch {
        // The video is not ready yet: try again on the next tick.
      }
      timer = window.setTimeout(() => void tick(), 250);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(async (s) => {
        if (stopped) {
          s.getTracks().forEach((track) => track.stop());
          return;
        }
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          await video.current.play().catch(() => undefined);
        }
        void tick();
      })
      .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [Detector]);

  return (
    <div className="c-entry-scan" role="dialog" aria-label={t("entryScan")} data-testid="entry-scanner">
      <video ref={video} className="c-entry-scan__video" muted playsInline />
      <p className="c-small">{problem ? t("entryScanFailed", { detail: problem }) : unknown ? t("entryScanUnknown", { text: unknown }) : t("entryScanHint")}</p>
      <button type="button" className="c-button" onClick={onClose}>
        {t("cancel")}
      </button>
    </div>
  );
}
