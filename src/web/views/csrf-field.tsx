// The hidden CSRF token every form carries (from reply.generateCsrf()).
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
