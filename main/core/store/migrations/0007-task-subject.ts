// Schema 7: a task says what it is about (TaskInfo.subject), so a window can find the running scan
// of an image it did not start itself.
export default `
ALTER TABLE tasks ADD COLUMN subject TEXT;
`;
