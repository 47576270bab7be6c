import os
os.environ.update(GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")  # before Gradio is imported
from advert_assistant.ui import build_app  # noqa: E402
if __name__ == "__main__":  # scoring workers import this file again
    build_app().launch(server_name=os.environ.get("ADVERT_ASSISTANT_HOST", "127.0.0.1"), server_port=int(os.environ.get("ADVERT_ASSISTANT_PORT", "7860")))
