"""Small reusable parts the views share: paged models, delegates, dialogs, layouts."""
