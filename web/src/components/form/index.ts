export { CheckboxGroup, DateField, FileField, Select, TextArea, TextField, type Option } from "./fields.tsx";
export { ErrorSummary } from "./ErrorSummary.tsx";
