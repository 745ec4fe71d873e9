import { z } from 'zod';
import { httpUrl, localizedText, relativePath } from './localized.ts';

export const publisherSchema = z
  .strictObject({
    name: localizedText.describe('Name of the organisation, e.g. Santé publique France.'),
    acronym: z.string().optional().describe('Short name, e.g. SpF.'),
    description: localizedText.optional().describe('What the organisation does (Markdown).'),
    url: httpUrl("the organisation's web site").optional().describe('Web site of the organisation (http or https).'),
    email: z.email().optional().describe('Contact address for questions about its data.'),
    logo: relativePath.optional().describe('Logo file relative to the content folder.'),
  })
  .describe('publishers/<id>.yaml: an organisation that publishes datasets. The file name is its id.');

export type Publisher = z.output<typeof publisherSchema>;
