export function minifyHtmlText(raw: string): string;
export function minifyCssText(raw: string): string;
export function minifyLitTemplates(code: string, parseAst: (code: string) => unknown): string | null;
export function minifyLitTemplatesPlugin(): {
  name: string;
  enforce: 'post';
  transform(code: string, id: string): Promise<{ code: string; map: null } | null>;
};
