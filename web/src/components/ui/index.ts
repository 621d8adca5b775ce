export { Button, type ButtonProps, type ButtonVariant } from "./Button.tsx";
export { Notice, type NoticeProps } from "./Notice.tsx";
