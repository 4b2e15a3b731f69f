// The dialog lives in components/forms; this path stays for the panels that import it from here.
export { ConfirmDialog, type ConfirmDialogProps } from '@/components/forms/confirm-dialog';
